// SPDX-License-Identifier: MIT
// The YAML loader: JSON values typed like js-yaml, source positions by JSON pointer, CloudFormation
// short tags in long form, merge keys, and coded errors for malformed or hostile input.
#include <catch2/catch.hpp>
#include <string>

#include "yaml/document.hpp"

using namespace wd;

TEST_CASE("yaml: scalars are typed like js-yaml's default schema", "[yaml]") {
    auto d = yaml::load("a: 1\nb: '1'\nc: true\nd: ~\ne: 1.5\nf: 012345678901\ng: yes\nh: 0x1F\ni: \"x\"\nj:\n");
    REQUIRE(d.parsed);
    CHECK(d.root["a"] == 1);
    CHECK(d.root["b"] == "1");
    CHECK(d.root["c"] == true);
    CHECK(d.root["d"].is_null());
    CHECK(d.root["e"] == 1.5);
    CHECK(d.root["f"] == 12345678901LL);  // js-yaml 4: decimal, the zero is lost (checked with sls package)
    CHECK(d.root["g"] == "yes");           // YAML 1.2: not a boolean
    CHECK(d.root["h"] == 31);
    CHECK(d.root["i"] == "x");
    CHECK(d.root["j"].is_null());
    REQUIRE(d.diags.size() == 1);  // ... and the user is told
    CHECK(d.diags[0].code == "WD1010");
    CHECK(d.diags[0].line == 6);
}

TEST_CASE("yaml: js-yaml 4 integers and non-finite floats", "[yaml]") {
    auto d = yaml::load("a: 010\nb: 09\nc: 0o17\nd: 0b101\ne: 1_000\nf: -0x1F\ng: .inf\nh: -.Inf\ni: .nan\n"
                        "j: 0o19\nk: 1_\nl: '010'\nm: 99999999999999999999\nn: 1e3\n");
    REQUIRE(d.parsed);
    CHECK(d.root["a"] == 10);
    CHECK(d.root["b"] == 9);
    CHECK(d.root["c"] == 15);
    CHECK(d.root["d"] == 5);
    CHECK(d.root["e"] == "1_000");  // js-yaml 4 has no `_` separators
    CHECK(d.root["n"].is_number_integer());  // 1e3 is the JavaScript number 1000
    CHECK(d.root["n"] == 1000);
    CHECK(d.root["f"] == -31);
    CHECK(d.root["g"].is_null());  // JSON.stringify(Infinity) is null
    CHECK(d.root["h"].is_null());
    CHECK(d.root["i"].is_null());
    CHECK(d.root["j"] == "0o19");  // not an octal number: a string
    CHECK(d.root["k"] == "1_");
    CHECK(d.root["l"] == "010");
    CHECK(d.root["m"].is_number_float());
    auto big = yaml::load("a: 9333333333333333333.\nb: -1e300\n");  // floats past the int64 range stay floats
    CHECK(big.root["a"].is_number_float());
    CHECK(big.root["b"].is_number_float());
}

TEST_CASE("yaml: positions of keys and values by JSON pointer", "[yaml]") {
    auto d = yaml::load("provider:\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Resource: 'a/b'\n");
    const auto* st = d.span_of("/provider/iam/role/statements/0");
    REQUIRE(st);
    CHECK(st->value.line == 5);
    CHECK(st->value.column == 11);
    CHECK(st->key.line == 0);  // sequence items have no key
    const auto* res = d.span_of("/provider/iam/role/statements/0/Resource");
    REQUIRE(res);
    CHECK(res->key.line == 6);
    CHECK(res->key.column == 11);
    CHECK(res->value.column == 21);
    CHECK(d.span_of("/nope") == nullptr);
    REQUIRE(d.nearest_span("/provider/iam/role/statements/0/Resource/deeper"));
    CHECK(d.nearest_span("/provider/iam/role/statements/0/Resource/deeper")->value.line == 6);
}

TEST_CASE("yaml: keys with slashes and tildes are escaped in pointers", "[yaml]") {
    auto d = yaml::load("a/b:\n  c~d: 1\n");
    CHECK(d.span_of("/a~1b/c~0d") != nullptr);
    CHECK(yaml::escape_pointer_token("x/y~z") == "x~1y~0z");
}

TEST_CASE("yaml: CloudFormation short tags become long form", "[yaml]") {
    auto d = yaml::load("a: !Ref X\nb: !GetAtt T.Arn\nc: !GetAtt [T, Arn]\nd: !Sub 'x-${AWS::Region}'\ne: !Join ['', [a, !Ref B]]\n"
                        "f: !ImportValue exp\ng: !If [C, a, b]\nh: !Select [0, !GetAZs '']\ni: !Base64 text\nj: !Condition C\nk: !GetAtt A.B.C\n");
    REQUIRE(d.parsed);
    CHECK(d.root["a"] == json{{"Ref", "X"}});
    CHECK(d.root["b"] == json{{"Fn::GetAtt", json::array({"T", "Arn"})}});
    CHECK(d.root["c"] == json{{"Fn::GetAtt", json::array({"T", "Arn"})}});
    CHECK(d.root["d"] == json{{"Fn::Sub", "x-${AWS::Region}"}});
    CHECK(d.root["e"]["Fn::Join"][1][1] == json{{"Ref", "B"}});
    CHECK(d.root["f"] == json{{"Fn::ImportValue", "exp"}});
    CHECK(d.root["g"]["Fn::If"].size() == 3);
    CHECK(d.root["h"]["Fn::Select"][1] == json{{"Fn::GetAZs", ""}});
    CHECK(d.root["i"] == json{{"Fn::Base64", "text"}});
    CHECK(d.root["j"] == json{{"Condition", "C"}});
    CHECK(d.root["k"]["Fn::GetAtt"] == json::array({"A", "B.C"}));
    CHECK(d.diags.empty());
}

TEST_CASE("yaml: unknown tags are errors, as in the framework, and the value is kept", "[yaml]") {
    for (const char* text : {"a: !Custom value\n", "a: !Transform {Name: X}\n", "a: !ToJsonString [1]\n"}) {
        auto d = yaml::load(text);
        REQUIRE(d.parsed);
        REQUIRE(d.diags.size() == 1);
        CHECK(d.diags[0].code == "WD1005");
        CHECK(d.diags[0].level == severity::error);
        CHECK(d.diags[0].line == 1);
    }
    auto d = yaml::load("a: !Custom value\nb: !Condition IsProd\n");
    CHECK(d.root["a"] == "value");
    CHECK(d.root["b"] == json{{"Condition", "IsProd"}});
}

TEST_CASE("yaml: core tags resolve as js-yaml resolves them; what it cannot resolve stops it (WD1013)", "[yaml]") {
    // The framework's schema extends js-yaml's default one (probe cases m001, m002, m016, m020, b046).
    auto d = yaml::load("i: !!int \"7\"\nh: !!int 0x1F\nf: !!float 3\ng: !!float \"2.5\"\nb: !!bool \"true\"\nn: !!null ~\n"
                        "t: !!timestamp 2024-01-15\ns: !!str 42\nq: !!seq ['*']\nm: !!map {k: v}\nset: !!set {a, b}\n");
    REQUIRE(d.parsed);
    CHECK(d.diags.empty());
    CHECK(d.root["i"] == 7);
    CHECK(d.root["h"] == 31);
    CHECK(d.root["f"] == 3);
    CHECK(d.root["g"] == 2.5);
    CHECK(d.root["b"] == true);
    CHECK(d.root["n"].is_null());
    CHECK(d.root["t"] == "2024-01-15T00:00:00.000Z");
    CHECK(d.root["s"] == "42");
    CHECK(d.root["q"] == json::array({"*"}));
    CHECK(d.root["m"] == json{{"k", "v"}});
    CHECK(d.root["set"] == json{{"a", nullptr}, {"b", nullptr}});
    // js-yaml: "cannot resolve a node with !<tag:yaml.org,2002:null> explicit tag" (probe case m003).
    for (const char* text : {"a: !!null ''\n", "a: !!int seven\n", "a: !!bool yes\n", "a: !!seq {k: v}\n", "a: !!map [1]\n",
                             "a: !!timestamp tomorrow\n", "a: !!set {k: v}\n", "a: !!binary aGk=\n"}) {
        INFO(text);
        auto bad = yaml::load(text);
        REQUIRE(bad.diags.size() == 1);
        CHECK(bad.diags[0].code == "WD1013");
        CHECK(bad.diags[0].level == severity::error);
        CHECK(bad.diags[0].line == 1);
        CHECK(bad.diags[0].column == 4);
    }
}

TEST_CASE("yaml: merge keys and anchors", "[yaml]") {
    auto d = yaml::load("base: &b\n  x: 1\n  y: 2\nother: &o\n  z: 3\nuse:\n  <<: [*b, *o]\n  y: 20\nalias: *b\n");
    REQUIRE(d.parsed);
    CHECK(d.root["use"]["x"] == 1);
    CHECK(d.root["use"]["y"] == 20);  // explicit keys win over merged ones
    CHECK(d.root["use"]["z"] == 3);
    CHECK_FALSE(d.root["use"].contains("<<"));
    CHECK(d.root["alias"] == json{{"x", 1}, {"y", 2}});
}

// js-yaml 4 loader.js:381-384: a merge source must be an object; a list inside the merge list counts as one
// (its indexes become keys).
TEST_CASE("yaml: a merge key whose value is not a mapping stops the reader (WD1012)", "[yaml]") {
    for (const char* text : {"s: &s text\nm:\n  <<: *s\n  k: 1\n", "m:\n  <<:\n  k: 1\n", "b: &b {x: 1}\nm:\n  <<: [*b, 3]\n"}) {
        INFO(text);
        auto d = yaml::load(text);
        REQUIRE(d.diags.size() == 1);
        CHECK(d.diags[0].code == "WD1012");
        CHECK(d.diags[0].level == severity::error);
        CHECK(d.diags[0].line == 3);
    }
    auto d = yaml::load("s: &s text\nm:\n  <<: *s\n  k: 1\n");
    CHECK(d.diags[0].column == 7);  // the merged value
    CHECK(d.root["m"].size() == 1);
    auto lists = yaml::load("m:\n  <<: [[a, b]]\n  k: 1\n");
    CHECK(lists.diags.empty());
    CHECK(lists.root["m"]["0"] == "a");
    CHECK(lists.root["m"]["1"] == "b");
    CHECK(lists.root["m"]["k"] == 1);
}

TEST_CASE("yaml: an alias copy carries the anchored value's positions under its own pointer", "[yaml]") {
    auto d = yaml::load("base: &b\n  x: 1\n  inner:\n    y: 2\nalias: *b\nlist:\n  - *b\n");
    REQUIRE(d.parsed);
    CHECK(d.root["list"][0]["inner"]["y"] == 2);
    const auto* original = d.span_of("/base/inner/y");
    const auto* copy = d.span_of("/alias/inner/y");
    const auto* in_list = d.span_of("/list/0/inner/y");
    REQUIRE(original);
    REQUIRE(copy);
    REQUIRE(in_list);
    CHECK(copy->value.line == original->value.line);  // the text the value came from
    CHECK(in_list->key.line == original->key.line);
    REQUIRE(d.span_of("/alias"));
    CHECK(d.span_of("/alias")->key.line == 5);  // but the alias's own key
    CHECK(d.span_of("/list/0")->key.line == 0);  // a list item has no key
}

TEST_CASE("yaml: aliases as keys, self-referencing aliases and anchors on keys", "[yaml]") {
    auto keyed = yaml::load("k: &name svc\n*name : value\n");
    REQUIRE(keyed.parsed);
    CHECK(keyed.root["svc"] == "value");
    // A collection key is keyed by its JavaScript text, as js-yaml does (sls package 3.40.0, probe 20's p20-014);
    // only a list holding a list is refused.
    auto collection_key = yaml::load("? [a, b]\n: v\nok: 1\n? {x: 1}\n: w\n");
    CHECK(collection_key.diags.empty());
    CHECK(collection_key.root == json{{"a,b", "v"}, {"ok", 1}, {"[object Object]", "w"}});
    auto nested_key = yaml::load("? [[a]]\n: v\nok: 1\n");
    REQUIRE_FALSE(nested_key.diags.empty());
    CHECK(nested_key.diags[0].code == "WD1006");
    CHECK(nested_key.diags[0].line == 1);
    CHECK(nested_key.root == json{{"ok", 1}});
    auto self = yaml::load("a: &a [1, *a]\n");
    bool refused = false;
    for (const auto& diag : self.diags) refused = refused || diag.code == "WD1004";
    CHECK(refused);
    CHECK(self.root["a"][0] == 1);
    CHECK(self.root["a"][1].is_null());
    auto redefined = yaml::load("a: &x 1\nb: &x 2\nc: *x\n");  // the latest definition wins, as in js-yaml
    CHECK(redefined.root["c"] == 2);
}

TEST_CASE("yaml: a syntax error after valid mappings keeps no partial value or earlier warnings", "[yaml]") {
    auto d = yaml::load("a: 1\na: 2\nb: [\n");
    CHECK_FALSE(d.parsed);
    CHECK(d.root.is_null());
    CHECK(d.spans.empty());
    REQUIRE(d.diags.size() == 1);
    CHECK(d.diags[0].code == "WD1001");
}

TEST_CASE("yaml: malformed input is WD1001 with line and column", "[yaml]") {
    auto d = yaml::load("provider:\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action:\n            - s3:GetObject\n         Resource: x\n");
    CHECK_FALSE(d.parsed);
    REQUIRE_FALSE(d.diags.empty());
    CHECK(d.diags[0].code == "WD1001");
    CHECK(d.diags[0].level == severity::error);
    CHECK(d.diags[0].line == 8);
    CHECK(d.diags[0].column == 10);
    for (std::string bad : {"a: [1, 2\n", "{a: 1\n", "a: b: c\n", "a:\n  - b\n c: d\n"}) {
        INFO(bad);
        auto e = yaml::load(bad);
        CHECK_FALSE(e.parsed);
        REQUIRE_FALSE(e.diags.empty());
        CHECK(e.diags[0].code == "WD1001");
        CHECK(e.diags[0].line >= 1);
    }
}

TEST_CASE("yaml: duplicated keys are reported", "[yaml]") {
    auto d = yaml::load("a: 1\na: 2\n");
    REQUIRE_FALSE(d.diags.empty());
    CHECK(d.diags[0].code == "WD1002");
    CHECK(d.diags[0].line == 2);
}

TEST_CASE("yaml: deep nesting is refused with WD1004, not a crash", "[yaml]") {
    std::string flow(5000, '[');
    auto d = yaml::load("a: " + flow);
    CHECK_FALSE(d.parsed);
    REQUIRE_FALSE(d.diags.empty());
    CHECK(d.diags[0].code == "WD1004");
    std::string block;
    for (int i = 0; i < 600; ++i) block += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
    auto b = yaml::load(block);
    REQUIRE_FALSE(b.diags.empty());
    CHECK(b.diags[0].code == "WD1004");  // yaml-cpp's own depth guard, said as the nesting limit it is
    CHECK(b.diags[0].line > 200);
    std::string ok;
    for (int i = 0; i < 50; ++i) ok += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
    auto fine = yaml::load(ok);
    CHECK(fine.parsed);
    CHECK(fine.diags.empty());
}

TEST_CASE("yaml: empty and multi-document input", "[yaml]") {
    auto empty = yaml::load("");
    CHECK(empty.parsed);
    CHECK(empty.root.is_null());
    auto multi = yaml::load("a: 1\n---\nb: 2\n");
    CHECK(multi.root == json{{"a", 1}});
    REQUIRE_FALSE(multi.diags.empty());
    CHECK(multi.diags[0].code == "WD1003");
}

TEST_CASE("yaml: alias bombs are refused with WD1007, not expanded", "[yaml]") {
    std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 12; ++i) {
        std::string prev = "*a" + std::to_string(i - 1);
        text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
        for (int k = 0; k < 9; ++k) text += ", " + prev;
        text += "]\n";
    }
    auto d = yaml::load(text);
    CHECK_FALSE(d.parsed);
    REQUIRE_FALSE(d.diags.empty());
    CHECK(d.diags[0].code == "WD1007");
    CHECK(d.root.is_null());
    auto small = yaml::load("a: &a [1, 2]\nb: [*a, *a]\n");  // ordinary aliases still work
    CHECK(small.parsed);
    CHECK(small.root["b"][1] == json::array({1, 2}));
}

TEST_CASE("plain YAML timestamps become the ISO text of a JavaScript Date (js-yaml timestamp type)", "[yaml][oracle]") {
    auto doc = wd::yaml::load("a: 2024-01-01\nb: 2024-12-31T23:59:59Z\nc: 2024-1-2 10:00:00.5 +02:00\nd: '2024-01-01'\n"
                              "e: 2024-01-01x\nf: 2024-02-30\ng: 0024-01-01\nh: 2024-1-1\ni: 2001-12-14t21:59:43.10-05:00\n");
    REQUIRE(doc.parsed);
    CHECK(doc.root["a"] == "2024-01-01T00:00:00.000Z");
    CHECK(doc.root["b"] == "2024-12-31T23:59:59.000Z");
    CHECK(doc.root["c"] == "2024-01-02T08:00:00.500Z");
    CHECK(doc.root["d"] == "2024-01-01");  // quoted stays a string
    CHECK(doc.root["e"] == "2024-01-01x");
    CHECK(doc.root["f"] == "2024-03-01T00:00:00.000Z");  // Date.UTC rolls over
    CHECK(doc.root["g"] == "1924-01-01T00:00:00.000Z");  // Date.UTC maps years 0-99 to 1900-1999
    CHECK(doc.root["h"] == "2024-1-1");                  // the date-only form needs two digits
    CHECK(doc.root["i"] == "2001-12-15T02:59:43.100Z");
}

TEST_CASE("yaml: offsets count a leading byte-order mark, which yaml-cpp skips", "[yaml]") {
    const std::string text = "\xEF\xBB\xBF" "a: 1\nb: two\n";
    auto d = yaml::load(text);
    REQUIRE(d.parsed);
    REQUIRE(d.span_of("/b"));
    CHECK(text.substr(d.span_of("/b")->value.offset, 3) == "two");
    CHECK(text.substr(d.span_of("/a")->key.offset, 1) == "a");
    CHECK(d.span_of("/a")->key.column == 1);  // as an editor shows it
}

TEST_CASE("yaml: `?` inside a plain scalar in a flow collection is text, as js-yaml reads it", "[yaml]") {
    // yaml-cpp ends a flow plain scalar at any `?`; js-yaml only takes `? ` at the start of an entry as the
    // explicit-key indicator (flow_scalars.hpp). Each expectation was checked against js-yaml 4.
    auto d = yaml::load("rate: [rate(1 hour), cron(0 12 * * ? *)]\nr: [arn:aws:s3:::backup-202?, a?, ?a]\nm: {k: a ? b}\n"
                        "e: {? x : y}\nq: ['?', \"a ? b\"]\nblock: a ? b\n");
    REQUIRE(d.parsed);
    CHECK(d.root["rate"] == json::array({"rate(1 hour)", "cron(0 12 * * ? *)"}));
    CHECK(d.root["r"] == json::array({"arn:aws:s3:::backup-202?", "a?", "?a"}));
    CHECK(d.root["m"] == json{{"k", "a ? b"}});
    CHECK(d.root["e"] == json{{"x", "y"}});
    CHECK(d.root["q"] == json::array({"?", "a ? b"}));
    CHECK(d.root["block"] == "a ? b");
    REQUIRE(d.span_of("/rate/1"));
    CHECK(d.span_of("/rate/1")->value.column == 22);  // positions are those of the user's text
}

TEST_CASE("yaml: an empty entry in a flow collection is an error, as in js-yaml", "[yaml]") {
    auto d = yaml::load("a: [s3:GetObject,,s3:PutObject]\n");
    CHECK_FALSE(d.parsed);
    REQUIRE(d.diags.size() == 1);
    CHECK(d.diags[0].code == "WD1001");
    CHECK(d.diags[0].line == 1);
    CHECK(d.diags[0].column == 18);
    CHECK(yaml::load("a: [x, y,]\nb: {c: 1,}\nscript: |\n  echo [a,,b]\n").parsed);  // a trailing comma; a block scalar
}

TEST_CASE("yaml: a lone CR ends a line, as in js-yaml (old Mac line ends)", "[yaml][oracle]") {
    auto d = yaml::load("service: app\rprovider:\r  name: aws\r  stage: dev\r");
    CHECK(d.parsed);
    CHECK(d.diags.empty());
    CHECK(d.root == json{{"service", "app"}, {"provider", {{"name", "aws"}, {"stage", "dev"}}}});
    const yaml::node_span* sp = d.span_of("/provider/stage");
    REQUIRE(sp);
    CHECK(sp->key.line == 4);
    // CRLF is untouched, and a CR inside a double-quoted scalar folds like any line break.
    auto crlf = yaml::load("a: 1\r\nb: \"x\ry\"\r\n");
    CHECK(crlf.root == json{{"a", 1}, {"b", "x y"}});
}

TEST_CASE("yaml: nesting stops where the framework's js-yaml stops (maxDepth 100)", "[yaml][oracle]") {
    // js-yaml 4.3.2 reads 98 nested collections holding a scalar and refuses 99, in every style (checked with
    // the framework's own install: "nesting exceeded maxDepth (100)").
    auto block = [](int n) {
        std::string s;
        for (int i = 0; i < n; ++i) s += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
        return s + std::string(static_cast<std::size_t>(n) * 2, ' ') + "v\n";
    };
    auto flow = [](int n) { return std::string(static_cast<std::size_t>(n), '[') + "x" + std::string(static_cast<std::size_t>(n), ']'); };
    for (const auto& [deepest, refused] : {std::pair{block(98), block(99)}, std::pair{flow(98), flow(99)}}) {
        auto ok = yaml::load(deepest);
        CHECK(ok.diags.empty());
        auto bad = yaml::load(refused);
        REQUIRE_FALSE(bad.diags.empty());
        CHECK(bad.diags[0].code == "WD1004");
    }
}

TEST_CASE("yaml: a key merged in with << keeps the positions of the text it came from", "[yaml]") {
    auto d = yaml::load("x-iam: &iam\n  statements:\n    - Effect: Allow\n      Action: s3:GetObject\nprovider:\n  <<: *iam\n  name: aws\n");
    REQUIRE(d.parsed);
    REQUIRE(d.root["provider"]["statements"][0]["Action"] == "s3:GetObject");
    const auto* merged = d.span_of("/provider/statements/0/Action");
    REQUIRE(merged);
    CHECK(merged->value.line == 4);  // written in the anchor, and patched there
    CHECK(d.span_of("/provider/<</statements") == nullptr);  // no span left under the merge key itself
    // Written elsewhere and possibly shared: an edit there changes every user of the anchor.
    CHECK(d.borrowed.count("/provider/statements"));
    CHECK(d.borrowed.count("/provider/<<"));
    CHECK_FALSE(d.borrowed.count("/provider/name"));
    // A key written in the mapping itself wins over the merged one, with its own position.
    auto own = yaml::load("base: &b\n  k: 1\nm:\n  <<: *b\n  k: 2\n");
    CHECK(own.root["m"]["k"] == 2);
    CHECK(own.span_of("/m/k")->value.line == 5);
    CHECK_FALSE(own.borrowed.count("/m/k"));
}

TEST_CASE("yaml: an alias item remembers where the alias itself is written", "[yaml]") {
    auto d = yaml::load("read: &read\n  Effect: Allow\nlist:\n  - *read\n");
    REQUIRE(d.parsed);
    REQUIRE(d.alias_positions.count("/list/0"));
    CHECK(d.alias_positions.at("/list/0").line == 4);
    CHECK(d.alias_positions.at("/list/0").column == 5);
    CHECK(d.span_of("/list/0/Effect")->value.line == 2);  // its content, in the anchor
}

TEST_CASE("yaml: plain keys are keyed by their JavaScript text, array indexes first", "[yaml]") {
    // js-yaml reads the key as a value, then String(key); a JavaScript object lists its array-index keys first.
    auto d = yaml::load("m:\n  team: a\n  0x10: b\n  1.50: c\n  ~: d\n  true: e\n  10: f\n  2: g\n  '01': h\n  4294967295: i\n");
    REQUIRE(d.parsed);
    CHECK(d.diags.empty());
    std::vector<std::string> keys;
    for (auto it = d.root["m"].begin(); it != d.root["m"].end(); ++it) keys.push_back(it.key());
    CHECK(keys == std::vector<std::string>{"2", "10", "16", "team", "1.5", "null", "true", "01", "4294967295"});
    CHECK(d.root["m"]["16"] == "b");
    CHECK(d.span_of("/m/16")->key.line == 3);  // positions follow the key's text
}

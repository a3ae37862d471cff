// SPDX-License-Identifier: MIT
// Golden test over the shared end-to-end scenarios (tests/corpus/scenarios/*): every expectation field,
// and for fixable denials a verified patch with the neighbour properties.
#include "explain/golden_support.hpp"

using wd::json;
using namespace wd::test;

TEST_CASE("scenarios: every corpus scenario") {
    const std::string root = corpus_path("scenarios");
    auto names = list_dir(root, true);
    REQUIRE(names.size() >= 10);
    for (const auto& name : names) {
        DYNAMIC_SECTION(name) {
            const std::string dir = root + "/" + name + "/";
            const std::string config = read_file(dir + "serverless.yml");
            const json expected = json::parse(read_file(dir + "expected.json"));
            json doc = run_explain(config, read_file(dir + "error.log"));
            CHECK(doc["stage"] == expected["stage"]);
            CHECK(doc["region"] == expected["region"]);
            REQUIRE(doc["denials"].size() == expected["denials"].size());
            for (std::size_t i = 0; i < expected["denials"].size(); ++i) {
                const json& e = expected["denials"][i];
                const json& d = doc["denials"][i];
                INFO("denial " << i << ": " << d.dump());
                CHECK(d["action"] == e["action"]);
                CHECK(d["resource"] == e["resource"]);
                CHECK(d["function"] == e["function"]);
                CHECK(d["reason"] == e["reason"]);
                if (e["principal"].is_null()) {
                    CHECK((d["principal"].is_null() || d["principal"]["arn"].is_null()));
                } else {
                    CHECK(d["principal"]["arn"] == e["principal"]);
                    CHECK(d["principal"]["roleName"] == e["roleName"]);
                    CHECK(d["principal"]["sessionName"] == e["sessionName"]);
                }
                // the role we matched really has the log's (or the expected) role name
                bool role_found = false;
                for (const auto& r : doc["roles"])
                    if (r["logicalId"] == d["role"]) role_found = r["roleName"] == e["roleName"];
                CHECK(role_found);
                if (e["fixable_in_config"] == true) {
                    CHECK(d["decision"] != "Allow");
                    CHECK((d["fix"]["kind"] == "add-statement" || d["fix"]["kind"] == "remove-deny"));
                    CHECK(d["fix"]["verified"] == true);
                    std::optional<std::string> res;
                    if (e.contains("resource_arn")) res = e["resource_arn"].get<std::string>();
                    else if (e["resource"].is_string()) res = e["resource"].get<std::string>();
                    check_patch_properties(config, doc, d, res);
                } else {
                    CHECK(d["fix"]["kind"] == "outside-config");
                    CHECK(d["fix"]["patch"].is_null());
                    CHECK(d["fix"]["request"]["text"].get<std::string>().find(e["action"].get<std::string>()) != std::string::npos);
                }
            }
        }
    }
}

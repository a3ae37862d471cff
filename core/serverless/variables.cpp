// SPDX-License-Identifier: MIT
#include "serverless/variables.hpp"

#include <cctype>
#include <cstdlib>
#include <optional>
#include <set>

#include "serverless/json_util.hpp"

namespace wd::sls {

namespace {

constexpr int max_resolution_depth = 64;  // nested/indirect references; real configs use a handful
// Whole-value references copy subtrees; chains of them can grow exponentially. Real configs copy a few
// thousand values at most.
constexpr std::size_t max_copied_values = 1000000;

// Number of JSON values in `v`, counting stops early past `limit`.
std::size_t count_values(const json& v, std::size_t limit) {
    std::size_t n = 1;
    if (v.is_object() || v.is_array())
        for (const auto& c : v) {
            if (n > limit) break;
            n += count_values(c, limit - n);
        }
    return n;
}

enum class outcome { found, not_found, placeholder, failed };

struct lookup {
    outcome kind = outcome::not_found;
    json value;
    std::string from_pointer;  // for self: where the value lives (alias for provenance)
};

bool is_source_start(char c) { return c >= 'a' && c <= 'z'; }
bool is_source_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

// Index just past the `}` closing the `${` at `open`, honouring nested `${...}` and quoted params;
// npos when unbalanced.
std::size_t find_close(const std::string& s, std::size_t open) {
    int depth = 0;
    char quote = 0;
    for (std::size_t i = open; i < s.size(); ++i) {
        char c = s[i];
        if (quote) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '$' && i + 1 < s.size() && s[i + 1] == '{') {
            ++depth;
            ++i;
            continue;
        }
        if ((c == '\'' || c == '"') && depth >= 1) {
            quote = c;
            continue;
        }
        if (c == '}') {
            if (--depth == 0) return i + 1;
        }
    }
    return std::string::npos;
}

// The v3 parser treats `${x...}` as a variable only when x matches ^[a-z][a-zA-Z0-9]*$ and is
// followed by `:` or `(`: `${AWS::Region}`, `${Bucket.Arn}`, `${!Literal}` stay for Fn::Sub.
// `cognito-identity.amazonaws.com:sub`, `cf.us-east-1:stack.Out`: a lower-case source name holding `.` or `-`.
bool dotted_source(std::string_view inner) {
    std::size_t i = 0;
    while (i < inner.size() && inner[i] == ' ') ++i;
    if (i >= inner.size() || !is_source_start(inner[i])) return false;
    bool odd = false;
    while (i < inner.size() && (is_source_char(inner[i]) || inner[i] == '.' || inner[i] == '-')) {
        odd = odd || inner[i] == '.' || inner[i] == '-';
        ++i;
    }
    return odd && i < inner.size() && inner[i] == ':';
}

bool looks_like_variable(std::string_view inner) {
    std::size_t i = 0;
    while (i < inner.size() && inner[i] == ' ') ++i;
    if (i >= inner.size() || !is_source_start(inner[i])) return false;
    while (i < inner.size() && is_source_char(inner[i])) ++i;
    return i < inner.size() && (inner[i] == ':' || inner[i] == '(');
}

std::vector<std::string> split_top_level_commas(std::string_view s) {
    std::vector<std::string> parts;
    int depth = 0, parens = 0;
    char quote = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (quote) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') quote = c;
        else if (c == '$' && i + 1 < s.size() && s[i + 1] == '{') {
            ++depth;
            ++i;
        } else if (c == '}' && depth > 0) --depth;
        else if (c == '(') ++parens;
        else if (c == ')' && parens > 0) --parens;
        else if (c == ',' && depth == 0 && parens == 0) {
            parts.emplace_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    parts.emplace_back(s.substr(start));
    return parts;
}

std::vector<std::string> split_dots(const std::string& address) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : address) {
        if (c == '.') {
            out.push_back(cur);
            cur.clear();
        } else cur += c;
    }
    out.push_back(cur);
    if (out.size() == 1 && out[0].empty()) out.clear();
    return out;
}

// Whether `token` reads an item of a list of `size` as JavaScript's `list[token]` does: a canonical index
// ("0", "12"; not "01" or "+1"), below the size.
bool js_index(const std::string& token, std::size_t size) {
    if (token.empty() || token.size() > 9 || token.find_first_not_of("0123456789") != std::string::npos ||
        (token.size() > 1 && token[0] == '0'))
        return false;
    return std::stoul(token) < size;
}

// `value[token]` as the framework's variable paths read it (resolve.js, sources/file.js): a mapping's own key, a
// list's item or `length`, a string's character or `length` (ASCII strings; a JavaScript string counts UTF-16
// units). False where JavaScript gives undefined.
bool js_member(const json& value, const std::string& token, json& out) {
    if (value.is_object()) {
        if (!value.contains(token)) return false;
        out = value[token];
        return true;
    }
    if (!value.is_array() && !value.is_string()) return false;
    const std::size_t size = value.is_array() ? value.size() : value.get_ref<const std::string&>().size();
    if (value.is_string()) {
        const std::string& text = value.get_ref<const std::string&>();
        if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) return false;
    }
    if (token == "length") {
        out = size;
        return true;
    }
    if (!js_index(token, size)) return false;
    const std::size_t i = std::stoul(token);
    out = value.is_array() ? value[i] : json(std::string(1, value.get_ref<const std::string&>()[i]));
    return true;
}

class resolver {
public:
    resolver(const yaml::document& doc, const options& opts, diagnostics& diags, resolution& out)
        : doc_(doc), opts_(opts), diags_(diags), out_(out) {
        root_ = doc.root;
    }

    void run() {
        check_first_pass_properties();
        resolve_tree("");
        out_.config = std::move(root_);
    }

    // The framework's CLI resolves these before options and AWS values are available (scripts/serverless.js,
    // ensureResolvedProperty): an `${opt:x}` whose option was not given is pending there, fallback or not, as
    // are `${param:}` and the sources that need AWS; a property that depends on one stops it ("\"service\"
    // property is not accessible (configured behind variables which cannot be resolved at this stage)").
    void check_first_pass_properties() {
        for (const char* p : {"/plugins", "/package/path", "/frameworkVersion", "/app", "/org", "/dashboard", "/service"}) {
            json* node = node_at(p);
            if (!node || node->dump().find("${") == std::string::npos) continue;
            pending_seen_ = false;
            resolve_tree(p);
            if (!pending_seen_) continue;
            const std::string path = pointer_to_path(p);
            error("WD2001", "cannot resolve `" + path + "`: the framework reads it before command-line options and AWS values are available, and it depends on one (an option not given, `${param:}`, `${ssm:}`, ...): \"" + path +
                                "\" property is not accessible",
                  p, json{{"path", path}, {"rule", "first-pass-property"}});
        }
        pending_seen_ = false;
    }

    // Effective stage: --stage, else provider.stage (resolved), else "dev".
    std::string stage() {
        if (opts_.stage) return *opts_.stage;
        if (!stage_cache_) {
            stage_cache_ = "dev";
            out_.stage_inferred = true;
            auto l = self_lookup("provider.stage", "/provider/stage", 0);
            if (l.kind == outcome::found && l.value.is_string() && !l.value.get<std::string>().empty()) {
                stage_cache_ = l.value.get<std::string>();
                out_.stage_inferred = false;
            } else if (l.kind == outcome::found && l.value.is_number_integer()) {
                // `stage: 2024`: the schema's string (Ajv coerces the number), so the stage is "2024".
                stage_cache_ = std::to_string(l.value.get<long long>());
                out_.stage_inferred = false;
            }
        }
        return *stage_cache_;
    }

    std::string region() {
        if (opts_.region) return *opts_.region;
        if (!region_cache_) {
            region_cache_ = "us-east-1";
            out_.region_inferred = true;
            auto l = self_lookup("provider.region", "/provider/region", 0);
            if (l.kind == outcome::found && l.value.is_string() && !l.value.get<std::string>().empty()) {
                region_cache_ = l.value.get<std::string>();
                out_.region_inferred = false;
            }
        }
        return *region_cache_;
    }

private:
    json* node_at(const std::string& pointer) {
        json* cur = &root_;
        if (pointer.empty()) return cur;
        std::size_t i = 1;
        while (true) {
            std::size_t slash = pointer.find('/', i);
            std::string token = pointer.substr(i, slash == std::string::npos ? std::string::npos : slash - i);
            std::string key;
            for (std::size_t k = 0; k < token.size(); ++k) {
                if (token[k] == '~' && k + 1 < token.size()) {
                    key += token[k + 1] == '1' ? '/' : '~';
                    ++k;
                } else key += token[k];
            }
            if (cur->is_object()) {
                auto it = cur->find(key);
                if (it == cur->end()) return nullptr;
                cur = &*it;
            } else if (cur->is_array()) {
                if (key.empty() || key.find_first_not_of("0123456789") != std::string::npos) return nullptr;
                std::size_t idx = std::stoul(key);
                if (idx >= cur->size()) return nullptr;
                cur = &(*cur)[idx];
            } else return nullptr;
            if (slash == std::string::npos) return cur;
            i = slash + 1;
        }
    }

    void position(const std::string& pointer, int& line, int& col) const {
        line = col = 0;
        if (const auto* s = doc_.nearest_span(original_pointer(out_, pointer))) {
            line = s->value.line;
            col = s->value.column;
        }
    }

    void error(const std::string& code, const std::string& message, const std::string& pointer, json args) {
        int line, col;
        position(pointer, line, col);
        diags_.push_back(make_error(code, message, "config", line, col, std::move(args)));
    }

    // Resolves every string under `pointer` in place.
    void resolve_tree(const std::string& pointer) {
        json* node = node_at(pointer);
        if (node) resolve_tree_at(*node, pointer);
    }

    // Walks by reference: resolution only replaces values in place (never adds or removes keys or
    // items), so references into the tree stay valid while self references resolve other parts.
    void resolve_tree_at(json& node, const std::string& pointer) {
        if (node.is_string()) {
            if (node.get_ref<const std::string&>().find("${") == std::string::npos) return;
            resolve_leaf(pointer, 0);
            if (!node.is_object() && !node.is_array()) return;
        }
        if (!node.is_object() && !node.is_array()) return;
        if (done_.count(pointer)) return;
        if (node.is_object()) {
            for (auto it = node.begin(); it != node.end(); ++it) resolve_tree_at(it.value(), child_pointer(pointer, it.key()));
        } else {
            for (std::size_t i = 0; i < node.size(); ++i) resolve_tree_at(node[i], child_pointer(pointer, i));
        }
        done_.insert(pointer);
    }

    // Resolves the string at `pointer` (if it holds variables) and stores the result there.
    void resolve_leaf(const std::string& pointer, int depth) {
        if (leaf_done_.count(pointer)) return;
        json* node = node_at(pointer);
        if (!node || !node->is_string()) return;
        if (node->get_ref<const std::string&>().find("${") == std::string::npos) {
            leaf_done_.insert(pointer);
            return;
        }
        if (active_.count(pointer)) {
            error("WD2005", "variable at `" + pointer_to_path(pointer) + "` refers to itself", pointer,
                  json{{"path", pointer_to_path(pointer)}});
            leaf_done_.insert(pointer);
            return;
        }
        active_.insert(pointer);
        std::string text = node->get<std::string>();
        std::string alias;
        json value = resolve_text(text, pointer, depth, &alias);
        active_.erase(pointer);
        node = node_at(pointer);
        if (node) *node = std::move(value);
        if (!alias.empty() && alias != pointer) out_.aliases.emplace_back(pointer, alias);
        leaf_done_.insert(pointer);
        if (node && (node->is_object() || node->is_array())) done_.insert(pointer);  // a resolved subtree
    }

public:
    // Resolves all variables in `text`; `pointer` is where the text sits (for messages and cycles).
    json resolve_text(const std::string& text, const std::string& pointer, int depth, std::string* alias = nullptr) {
        if (depth > max_resolution_depth) {
            error("WD2005", "variables at `" + pointer_to_path(pointer) + "` nest too deeply", pointer, json::object());
            return text;
        }
        // A string that is exactly one variable takes the variable's type (object, list, number).
        // (variables/parse.js: a blank right after `${` makes the text no variable, `${ self:x }` stays as written.)
        if (text.size() > 3 && text.compare(0, 2, "${") == 0 && text[2] != ' ' && find_close(text, 0) == text.size() &&
            looks_like_variable(std::string_view(text).substr(2, text.size() - 3))) {
            std::string from;
            json v = resolve_variable(text.substr(2, text.size() - 3), text, pointer, depth, &from);
            if (alias && !from.empty()) *alias = from;
            return v;
        }
        std::string out;
        std::size_t i = 0;
        while (i < text.size()) {
            std::size_t open = text.find("${", i);
            if (open == std::string::npos) {
                out.append(text, i, std::string::npos);
                break;
            }
            out.append(text, i, open - i);
            // variables/parse.js: backslashes right before `${` escape it. An odd run keeps the text literal
            // (`\${aws:username}`, how an IAM policy variable is written) with half the backslashes left;
            // an even run resolves the variable and keeps half of them.
            std::size_t slashes = 0;
            while (open - slashes > i && text[open - slashes - 1] == '\\') ++slashes;
            if (slashes > 0) {
                out.resize(out.size() - slashes);
                out.append(slashes / 2, '\\');
                if (slashes % 2 == 1) {
                    out += "${";
                    i = open + 2;
                    continue;
                }
            }
            std::size_t close = find_close(text, open);
            if (close == std::string::npos) {
                // variables/parse.js: an unclosed `${self:...` (not a CloudFormation `${AWS::...`) stops the framework.
                if (looks_like_variable(text.substr(open + 2)))
                    error("WD2008", "variable syntax error at `" + pointer_to_path(pointer) + "`: missing variable closing bracket in \"" +
                                        text + "\"", pointer,
                          json{{"path", pointer_to_path(pointer)}, {"variable", text.substr(open)}, {"problem", "missing closing bracket"}});
                out.append(text, open, std::string::npos);
                break;
            }
            std::string inner = text.substr(open + 2, close - open - 3);
            // The framework's parser takes `.` and `-` into a source name, then rejects the source:
            // `${cognito-identity.amazonaws.com:sub}` (an IAM policy variable) stops it.
            if (!looks_like_variable(inner) && dotted_source(inner)) {
                const std::string src = inner.substr(0, inner.find(':'));
                error("WD2002", "unrecognized configuration variable source `" + src + "` at `" + pointer_to_path(pointer) +
                                    "` (the framework reads `${" + inner + "}` as a variable; an IAM policy variable with such a "
                                    "name must be written another way, e.g. in a `!Sub` with `${!...}`)",
                      pointer, json{{"source", src}, {"path", pointer_to_path(pointer)}});
                out += "${";
                i = open + 2;
                continue;
            }
            if (!looks_like_variable(inner) || (!inner.empty() && inner[0] == ' ')) {
                // Not ours (`${AWS::Region}`, `${Table.Arn}`, `${ self:x }`): keep it, but resolve variables inside.
                out += "${";
                i = open + 2;
                continue;
            }
            json v = resolve_variable(inner, text.substr(open, close - open), pointer, depth, nullptr);
            // (`"" + value` in resolve.js: a list has its own toString, `a,b`; a mapping is refused.)
            if (v.is_array()) {
                out += js_string(v);
            } else if (v.is_object()) {
                error("WD2006",
                      "cannot resolve variable at `" + pointer_to_path(pointer) +
                          "`: an object (mapping) can not be part of a string",
                      pointer, json{{"path", pointer_to_path(pointer)}, {"variable", text.substr(open, close - open)}});
                out += text.substr(open, close - open);
            } else if (v.is_null()) {
                // resolve.js: "String value consist of variable which resolve with non-string value"
                error("WD2006",
                      "cannot resolve variable at `" + pointer_to_path(pointer) + "`: `" + text.substr(open, close - open) +
                          "` resolves to null, which can not be part of a string",
                      pointer, json{{"path", pointer_to_path(pointer)}, {"variable", text.substr(open, close - open)}});
                out += "null";
            } else {
                out += js_string(v);
            }
            i = close;
        }
        return out;
    }

private:
    // configuration/variables/parse.js: a fallback is a quoted string, a source (`type:address` or
    // `type(params)`, type ^[a-z][a-zA-Z0-9]*$), or a literal (true, false, null, a number) that ends the
    // variable. Anything else -- `[]`, a nested `${...}` -- is "Invalid variable source". "" when valid.
    static std::string invalid_fallback(const std::vector<std::string>& parts) {
        auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; };
        for (std::size_t k = 1; k < parts.size(); ++k) {
            const std::string fb = trim(parts[k]);
            if (fb.empty()) return "empty variable source";
            if (fb.front() == '\'' || fb.front() == '"') continue;
            if (!word_char(fb.front())) return "invalid variable source `" + fb + "`";
            std::size_t e = 0;
            while (e < fb.size() && word_char(fb[e])) ++e;
            if (e < fb.size() && (fb[e] == ':' || fb[e] == '(')) {
                bool type = std::islower(static_cast<unsigned char>(fb[0])) != 0;
                for (std::size_t i = 0; i < e; ++i) type = type && std::isalnum(static_cast<unsigned char>(fb[i]));
                if (!type) return "invalid variable source `" + fb + "`";
                continue;
            }
            if (e < fb.size()) return "invalid variable source `" + fb + "`";
            char* end = nullptr;
            (void)std::strtod(fb.c_str(), &end);
            const bool literal = fb == "true" || fb == "false" || fb == "null" || (end && *end == 0);
            if (!literal) return "invalid literal source `" + fb + "`";
            if (k + 1 < parts.size()) return "a literal must be the last source, not `" + fb + "`";
        }
        return {};
    }

    // `inner` is the text between `${` and `}`; `whole` the original `${...}` for placeholders.
    json resolve_variable(const std::string& inner, const std::string& whole, const std::string& pointer, int depth,
                          std::string* from) {
        auto parts = split_top_level_commas(inner);
        if (std::string problem = invalid_fallback(parts); !problem.empty()) {
            // The framework's parser rejects the whole config before resolving anything.
            error("WD2008", "variable syntax error at `" + pointer_to_path(pointer) + "`: " + problem + " in \"" + whole + "\"",
                  pointer, json{{"path", pointer_to_path(pointer)}, {"variable", whole}, {"problem", problem}});
            return whole;
        }
        std::string main = trim(parts[0]);
        // (A parameter written as a variable, `${strToBool(${env:X})}`, is that variable's text, never a literal.)
        const bool written = main.find("${") == std::string::npos;
        // Variables inside the address resolve first (`${self:custom.iam.${self:custom.stage}}`).
        if (main.find("${") != std::string::npos) {
            json r = resolve_text(main, pointer, depth + 1);
            main = r.is_string() ? r.get<std::string>() : js_string(r);
        }
        // A file that is not there resolves to nothing, so a fallback after it is tried (a missing file is
        // an error only as the last option).
        lookup l;
        if (parts.size() > 1 && main.rfind("file(", 0) == 0 && !has_file(main)) l.kind = outcome::not_found;
        else {
            fallback_follows_ = parts.size() > 1;
            written_params_ = written;
            l = lookup_source(main, pointer, depth);
            written_params_ = true;
            fallback_follows_ = false;
        }
        if (l.kind == outcome::found) {
            if (from) *from = l.from_pointer;
            return l.value;
        }
        // A source that needs AWS keeps its placeholder even with a fallback: on AWS the real value wins.
        if (l.kind == outcome::placeholder) return l.value;
        // An option not given on the command line or a parameter with no value is "pending" in the framework's
        // first pass (sources/opt.js, resolve.js): the whole variable waits, fallbacks included, for the second
        // pass, which runs after the framework set `provider.stage` (to 'dev' when unset, service.js:89) and
        // `provider.region` (to the effective region, provider.js:259). Its fallbacks read those.
        const bool was_second_pass = second_pass_;
        if (l.kind == outcome::not_found && (main.rfind("opt:", 0) == 0 || main.rfind("param:", 0) == 0)) second_pass_ = true;
        struct restore_pass {
            bool& flag;
            bool value;
            ~restore_pass() { flag = value; }
        } restore{second_pass_, was_second_pass};
        // Fallbacks: literals or further variables (with or without `${}`), tried in order.
        for (std::size_t k = 1; k < parts.size(); ++k) {
            std::string fb = trim(parts[k]);
            if (fb.empty()) continue;
            if ((fb.front() == '\'' || fb.front() == '"') && fb.size() >= 2 && fb.back() == fb.front()) {
                // The framework parses every resolved string again (resolve.js resolveInternalResult): a
                // literal `'${self:service}-data'` resolves too.
                json literal_text = fb.substr(1, fb.size() - 2);
                resolve_detached(literal_text, pointer, depth + 1);
                return literal_text;
            }
            if (fb.compare(0, 2, "${") == 0 && find_close(fb, 0) == fb.size()) fb = fb.substr(2, fb.size() - 3);
            if (looks_like_variable(fb)) {
                if (fb.find("${") != std::string::npos) {
                    json r = resolve_text(fb, pointer, depth + 1);
                    fb = r.is_string() ? r.get<std::string>() : js_string(r);
                }
                lookup fl = lookup_source(trim(fb), pointer, depth + 1);
                if (fl.kind == outcome::found) {
                    if (from) *from = fl.from_pointer;
                    return fl.value;
                }
                if (fl.kind == outcome::placeholder) return fl.value;
                continue;
            }
            json literal = fb;
            char* end = nullptr;
            double d = std::strtod(fb.c_str(), &end);
            if (end && *end == 0) literal = (d == static_cast<long long>(d)) ? json(static_cast<long long>(d)) : json(d);
            else if (fb == "true") literal = true;
            else if (fb == "false") literal = false;
            else if (fb == "null") literal = nullptr;
            return literal;
        }
        if (l.kind == outcome::not_found) {
            std::string source = source_name(main);
            error("WD2001",
                  "cannot resolve variable at `" + pointer_to_path(pointer) + "`: value not found at `" + source +
                      "` source",
                  pointer, json{{"path", pointer_to_path(pointer)}, {"source", source}, {"variable", whole}});
        }
        return whole;  // keep the text so the analysis goes on
    }

    bool written_params_ = true;  // the source's parameters are as written in the file (no variable inside)

    static std::string source_name(const std::string& main) {
        std::size_t i = 0;
        while (i < main.size() && is_source_char(main[i])) ++i;
        return main.substr(0, i);
    }

    lookup placeholder(const std::string& text, const std::string& pointer, const std::string& why) {
        pending_seen_ = true;
        lookup l;
        l.kind = outcome::placeholder;
        l.value = text;
        int line, col;
        position(pointer, line, col);
        diags_.push_back(make_info("WD2003",
                                   "`" + text + "` at `" + pointer_to_path(pointer) + "` " + why +
                                       "; kept as a placeholder",
                                   "config", line, col, json{{"variable", text}, {"path", pointer_to_path(pointer)}}));
        out_.placeholders.push_back(text);
        return l;
    }

    lookup lookup_source(const std::string& main, const std::string& pointer, int depth) {
        std::string source = source_name(main);
        std::string rest = main.substr(source.size());
        lookup none;
        if (source == "file" && !rest.empty() && rest[0] == '(') {
            auto close = rest.find(')');
            if (close == std::string::npos) return none;
            std::string path = trim(rest.substr(1, close - 1));
            std::string address = close + 1 < rest.size() && rest[close + 1] == ':' ? rest.substr(close + 2) : "";
            return file_lookup(path, trim(address), main, pointer, depth);
        }
        // `${ssm(us-east-1):/x}`, `${cf(eu-west-1):stack.Output}`, `${ssm(raw):/x}`: the AWS sources with a
        // parameter are AWS lookups all the same.
        if (is_placeholder_source(source) && !rest.empty() && rest[0] == '(') {
            const std::size_t close = rest.find(')');
            if (close != std::string::npos && close + 1 < rest.size() && rest[close + 1] == ':')
                return placeholder("${" + main + "}", pointer, source == "param" ? "needs Serverless Dashboard parameters" : "needs AWS");
        }
        // `${strToBool(true)}`: the v3 function form (variables/sources/str-to-bool.js).
        if (source == "strToBool" && !rest.empty() && rest[0] == '(' && rest.back() == ')') {
            std::string a = trim(rest.substr(1, rest.size() - 2));
            const bool quoted = a.size() >= 2 && (a.front() == '\'' || a.front() == '"') && a.back() == a.front();
            if (quoted) a = a.substr(1, a.size() - 2);
            // An unquoted parameter is read as a literal, and a falsy one is stored as no parameter at all
            // (variables/parse.js: `value: metaValue || null`): `${strToBool(false)}` stops the framework with
            // 'Missing "strToBool" input'; `${strToBool('false')}` is false.
            if (!quoted && written_params_ && (a == "false" || a == "0" || a == "null" || a.empty())) {
                error("WD2001", "cannot resolve variable at `" + pointer_to_path(pointer) + "`: Missing \"strToBool\" input (an unquoted `" + a +
                                    "` counts as no input; quote it: `${strToBool('" + a + "')}`)",
                      pointer, json{{"path", pointer_to_path(pointer)}, {"source", source}});
                return {outcome::failed, nullptr, ""};
            }
            if (a == "true" || a == "1") return {outcome::found, true, ""};
            if (a == "false" || a == "0") return {outcome::found, false, ""};
            error("WD2001", "cannot resolve variable at `" + pointer_to_path(pointer) + "`: `" + a + "` is not a boolean",
                  pointer, json{{"path", pointer_to_path(pointer)}, {"source", source}});
            return {outcome::failed, nullptr, ""};
        }
        if (rest.empty() || rest[0] != ':') return none;
        std::string address = trim(rest.substr(1));
        if (source == "self") return self_lookup(address, pointer, depth);
        if (source == "opt") {
            std::optional<std::string> v;
            if (address == "stage") v = opts_.stage;
            else if (address == "region") v = opts_.region;
            if (!v) {
                pending_seen_ = true;  // (the framework's first pass waits for it; see check_first_pass_properties)
                return none;
            }
            return {outcome::found, *v, ""};
        }
        if (source == "sls") {
            if (address == "stage") return {outcome::found, stage(), ""};
            if (address == "instanceId") return placeholder("${sls:instanceId}", pointer, "changes on every run");
            return none;
        }
        if (source == "aws") {
            if (address == "region") return {outcome::found, region(), ""};
            if (address == "accountId") return placeholder("${aws:accountId}", pointer, "needs AWS credentials");
            return none;
        }
        if (source == "env") {
            auto it = opts_.env.find(address);
            if (it == opts_.env.end()) return none;
            // configuration/variables/resolve.js parses every resolved string again, whatever its source:
            // an environment value holding `${self:service}` resolves too.
            json value = it->second;
            resolve_detached(value, pointer, depth + 1);
            return {outcome::found, value, ""};
        }
        if (source == "strToBool") {
            std::string a = address;
            if (a == "true" || a == "1") return {outcome::found, true, ""};
            if (a == "false" || a == "0") return {outcome::found, false, ""};
            error("WD2001", "cannot resolve variable at `" + pointer_to_path(pointer) + "`: `" + a + "` is not a boolean",
                  pointer, json{{"path", pointer_to_path(pointer)}, {"source", source}});
            return {outcome::failed, nullptr, ""};
        }
        if (source == "param") {
            pending_seen_ = true;  // (not a source of the framework's first pass at all)
            auto it = opts_.params.find(address);
            if (it != opts_.params.end()) return {outcome::found, it->second, ""};
            // Stage parameters of the file itself (v3 `params:`): the stage's own block, then `default`.
            for (const std::string& block : {stage(), std::string("default")}) {
                if (!member(member(root_, "params"), block).is_object()) continue;
                lookup l = self_lookup("params." + block + "." + address, pointer, depth);
                if (l.kind == outcome::found) return l;
            }
            // Serverless Dashboard parameters are asked for only when `org` and `app` are set
            // (dashboard-plugin resolve-params.js): then the value may come from there, kept as a placeholder.
            // Without them the source has no value: a fallback applies, else the framework stops ("The param
            // ... cannot be resolved from CLI options or stage params").
            // Without them a fallback applies. With no fallback the framework stops ("The param ... cannot be
            // resolved from CLI options or stage params"), which the shared corpus counts as an offline-only
            // failure (the value may come from `--param` or Compose): kept as a placeholder.
            if (!(truthy(member(root_, "org")) && truthy(member(root_, "app"))) && fallback_follows_) return none;
            return placeholder("${param:" + address + "}", pointer, "needs Serverless Dashboard parameters");
        }
        if (source == "output" && member(root_, "org").is_null()) {
            error("WD2001", "cannot resolve variable at `" + pointer_to_path(pointer) + "`: the `output` source can only "
                            "be used in services deployed with Serverless Dashboard (with the `org` setting)",
                  pointer, json{{"path", pointer_to_path(pointer)}, {"source", source}});
            return {outcome::failed, nullptr, ""};
        }
        if (is_placeholder_source(source))
            return placeholder("${" + source + ":" + address + "}", pointer, "needs AWS");
        // Plugins add variable sources of their own (Bref's `${bref:layer.php-83}`): with a plugin listed that
        // this analysis does not run, the source is probably its.
        const json& plugins = member(root_, "plugins");
        const json& plugin_list = plugins.is_object() ? member(plugins, "modules") : plugins;
        if (plugin_list.is_array())
            for (const auto& p : plugin_list)
                if (p.is_string() && p != "serverless-iam-roles-per-function")
                    return placeholder("${" + source + ":" + address + "}", pointer,
                                       "comes from a source the plugin `" + p.get<std::string>() + "` may define (plugins are not run here)");
        error("WD2002", "unrecognized configuration variable source `" + source + "` at `" + pointer_to_path(pointer) + "`",
              pointer, json{{"source", source}, {"path", pointer_to_path(pointer)}});
        return {outcome::failed, nullptr, ""};
    }

public:
    lookup self_lookup(const std::string& address, const std::string& from_pointer, int depth) {
        if (depth > max_resolution_depth) return {};
        // In the second pass (see resolve_variable's fallbacks) provider.region is the effective region and an
        // unset provider.stage is 'dev' (not --stage): the framework wrote them into the config between the passes.
        if (second_pass_ && (address == "provider.region" || address == "provider.stage")) {
            second_pass_ = false;  // (region() and the file's own stage are read as the first pass left them)
            lookup out = address == "provider.region" ? lookup{outcome::found, region(), "/provider/region"}
                                                      : self_lookup(address, from_pointer, depth + 1);
            second_pass_ = true;
            if (out.kind != outcome::found || out.value.is_null()) out = {outcome::found, "dev", "/provider/stage"};
            return out;
        }
        std::string pointer;
        const std::vector<std::string> tokens = split_dots(address);
        for (std::size_t t = 0; t < tokens.size(); ++t) {
            const std::string& token = tokens[t];
            resolve_leaf(pointer, depth + 1);  // a string on the way may resolve to an object
            json* node = node_at(pointer);
            if (!node) return {};
            if (node->is_object()) {
                if (!node->contains(token)) return {};
            } else if (node->is_array() && js_index(token, node->size())) {
            } else if (node->is_array() || node->is_string()) {
                // `length`, or a character of a string: values of their own, with no place in the config.
                json value;
                if (t + 1 != tokens.size() || !js_member(*node, token, value)) return {};
                return {outcome::found, value, ""};
            } else return {};
            pointer = child_pointer(pointer, token);
        }
        resolve_leaf(pointer, depth + 1);
        resolve_tree(pointer);
        json* node = node_at(pointer);
        if (!node || node->is_null()) return {};
        if (node->is_object() || node->is_array()) {
            copied_ += count_values(*node, max_copied_values);
            if (copied_ > max_copied_values) {
                if (!over_budget_) {
                    over_budget_ = true;
                    error("WD2007", "variables copy more than " + std::to_string(max_copied_values) +
                                        " values (references repeated too often); the rest is left unresolved",
                          from_pointer, json{{"path", pointer_to_path(from_pointer)}});
                }
                return {outcome::failed, nullptr, ""};
            }
        }
        return {outcome::found, *node, pointer};
    }

private:
    // Whether `file(<path>)...` names a file the caller gave (the same keys file_lookup tries).
    bool has_file(const std::string& main) const {
        const std::size_t close = main.find(')');
        if (close == std::string::npos) return false;
        const std::string key = trim(main.substr(5, close - 5));
        return opts_.files.count(key) || (key.compare(0, 2, "./") == 0 && opts_.files.count(key.substr(2))) ||
               (key.compare(0, 2, "./") != 0 && opts_.files.count("./" + key));
    }

    lookup file_lookup(const std::string& path, const std::string& address, const std::string& main,
                       const std::string& pointer, int depth) {
        std::string key = path;
        // `${main}` kept as a placeholder, with a diagnostic that says why.
        auto keep = [&](bool javascript) {
            lookup l;
            l.kind = outcome::placeholder;
            l.value = "${" + main + "}";
            int line, col;
            position(pointer, line, col);
            const json args{{"file", path}, {"path", pointer_to_path(pointer)}};
            const std::string where = "`" + path + "` at `" + pointer_to_path(pointer) + "`";
            diags_.push_back(javascript ? make_info("WD2086", where + " is a JavaScript file the framework runs; it is not run here, and its value is kept as a placeholder",
                                                    "config", line, col, args)
                                        : make_warning("WD2004", "file " + where + " was not given; kept as a placeholder", "config", line, col, args));
            out_.placeholders.push_back(l.value.get<std::string>());
            return l;
        };
        // A JavaScript file is a module the framework runs (its export, or the function it exports, gives the
        // value): not something to read here. Kept as a placeholder, like the AWS sources.
        for (const std::string ext : {".js", ".cjs", ".mjs", ".ts"})
            if (key.size() > ext.size() && key.compare(key.size() - ext.size(), ext.size(), ext) == 0) return keep(true);
        auto it = opts_.files.find(key);
        if (it == opts_.files.end() && key.compare(0, 2, "./") == 0) it = opts_.files.find(key.substr(2));
        if (it == opts_.files.end() && key.compare(0, 2, "./") != 0) it = opts_.files.find("./" + key);
        if (it == opts_.files.end()) return opts_.files_complete ? lookup{} : keep(false);  // missing: WD2001 below
        // sources/file.js reads by extension: YAML files with its YAML loader, `.json` and `.tfstate` with
        // JSON.parse (a byte-order mark fails, a repeated key keeps its last value), anything else as text.
        auto ends = [&](const char* ext) {
            const std::size_t n = std::char_traits<char>::length(ext);
            return key.size() > n && key.compare(key.size() - n, n, ext) == 0;
        };
        json value;
        if (ends(".json") || ends(".tfstate")) {
            const std::string& text = it->second;
            json parsed = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? json(json::value_t::discarded)
                                                                  : json::parse(text, nullptr, false);
            if (parsed.is_discarded()) {
                error("WD1011", "cannot parse `" + path + "` (used at `" + pointer_to_path(pointer) + "`): " +
                                    (text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? "it starts with a byte-order mark, which JSON.parse refuses"
                                                                          : "it is not valid JSON"),
                      pointer, json{{"file", path}, {"path", pointer_to_path(pointer)}});
                return {outcome::failed, nullptr, ""};
            }
            js_key_order(parsed, true);  // JSON.parse gives JavaScript objects: array-index keys first
            value = std::move(parsed);
        } else if (ends(".yml") || ends(".yaml")) {
            auto fdoc = yaml::load(it->second, path);
            for (auto d : fdoc.diags) diags_.push_back(std::move(d));
            if (!fdoc.parsed) return {outcome::failed, nullptr, ""};
            value = fdoc.root;
        } else {
            value = it->second;  // the text as it is, its last newline included
        }
        for (const auto& token : split_dots(address)) {
            json next;
            if (!js_member(value, token, next)) return {};
            value = std::move(next);
        }
        // Variables inside the file resolve in the context of the main configuration.
        resolve_detached(value, pointer, depth + 1);
        if (value.is_null()) return {};
        return {outcome::found, value, ""};
    }

    void resolve_detached(json& v, const std::string& pointer, int depth) {
        if (v.is_string()) {
            if (v.get_ref<const std::string&>().find("${") != std::string::npos) v = resolve_text(v.get<std::string>(), pointer, depth);
        } else if (v.is_object()) {
            for (auto it = v.begin(); it != v.end(); ++it) resolve_detached(it.value(), pointer, depth);
        } else if (v.is_array()) {
            for (auto& e : v) resolve_detached(e, pointer, depth);
        }
    }

    const yaml::document& doc_;
    const options& opts_;
    diagnostics& diags_;
    resolution& out_;
    json root_;
    std::set<std::string> done_, leaf_done_, active_;
    std::optional<std::string> stage_cache_, region_cache_;
    std::size_t copied_ = 0;
    bool over_budget_ = false;
    bool fallback_follows_ = false;  // the source being looked up has a fallback after it
    bool second_pass_ = false;       // resolving the fallbacks of a pending source (the framework's second pass)
    bool pending_seen_ = false;      // a pending source (option not given, AWS or Dashboard value) was met
};

}  // namespace

bool is_placeholder_source(std::string_view source) {
    return source == "ssm" || source == "cf" || source == "s3" || source == "output" || source == "secretsmanager" ||
           source == "param";
}

std::string original_pointer(const resolution& r, const std::string& pointer) {
    // Longest alias prefix wins; aliases may chain (a value taken from a value taken from elsewhere).
    std::string p = pointer;
    for (int guard = 0; guard < 16; ++guard) {
        const std::pair<std::string, std::string>* best = nullptr;
        for (const auto& a : r.aliases) {
            const std::string& from = a.first;
            if (p.compare(0, from.size(), from) == 0 && (p.size() == from.size() || p[from.size()] == '/'))
                if (!best || from.size() > best->first.size()) best = &a;
        }
        if (!best) break;
        p = best->second + p.substr(best->first.size());
    }
    return p;
}

resolution resolve_variables(const yaml::document& doc, const options& opts, diagnostics& diags) {
    resolution out;
    try {
        resolver r(doc, opts, diags, out);
        // Stage and region first: ${sls:stage} and ${aws:region} everywhere depend on them.
        out.stage = r.stage();
        out.region = r.region();
        r.run();
    } catch (const std::exception& e) {
        diags.push_back(make_error("WD2009", std::string("variable resolution failed: ") + e.what(), "config"));
        if (out.config.is_null()) out.config = doc.root;
    }
    return out;
}

}  // namespace wd::sls

// SPDX-License-Identifier: MIT
// Golden test over tests/corpus/errorlogs: every labelled field of every case (schema:
// shared/research/errorlogs/README.md) against what parse_log extracts, with the real IAM catalog.
// Negatives (iam_denial: false) must yield no denial; multi-denial cases must yield each additional denial.
// Disagreements with a label are listed (with reasons) in tests/corpus/KNOWN_DISAGREEMENTS.md: they are still
// compared and printed, but only a failure that is not listed fails the test.
#include <catch2/catch.hpp>

#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "log/log_parser.hpp"
#include "support/test_files.hpp"

using wd::json;

namespace {

const char* const kFields[] = {"error_code", "operation", "action", "principal_arn", "principal_type",
                               "role_name", "session_name", "account_id", "resource_arn", "reason_class"};

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

json str(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// Our denial in the label vocabulary.
json as_label(const wd::log::denial& d) {
    json o;
    o["error_code"] = str(d.error_code);
    o["operation"] = str(d.operation);
    o["action"] = str(d.action);
    o["principal_arn"] = str(d.principal.arn);
    std::string type = d.principal.type.empty() ? "unknown" : d.principal.type;
    if (type == "federated-user") type = "federated";
    o["principal_type"] = type;
    o["role_name"] = str(d.principal.role_name);
    o["session_name"] = str(d.principal.session_name);
    o["account_id"] = str(d.principal.account_id);
    o["resource_arn"] = d.resource ? json(*d.resource) : json(nullptr);
    o["reason_class"] = d.reason;
    return o;
}

// The expected value of a field, or "skip" when the label does not assert it.
bool expected(const json& label, const std::string& field, json& out) {
    if (field == "action") {
        // The printed action, else what the operation implies; a null action_inferred means "ambiguous".
        if (label.contains("action") && !label["action"].is_null()) {
            out = label["action"];
            return true;
        }
        if (label.contains("action_inferred")) {
            if (label["action_inferred"].is_null()) return false;
            out = label["action_inferred"];
            return true;
        }
        out = nullptr;
        return label.contains("action");
    }
    if (field == "resource_arn") {
        // A non-ARN resource (a secret name, "*") is labelled resource_text; "the specified resource" names none.
        out = label.contains("resource_arn") ? label["resource_arn"] : json(nullptr);
        if (out.is_null() && label.contains("resource_text")) out = label["resource_text"];
        if (out == "the specified resource") out = nullptr;
        return label.contains("resource_arn") || label.contains("resource_text");
    }
    if (!label.contains(field)) return false;
    out = label[field];
    return true;
}

bool same(const std::string& field, const json& want, const json& got) {
    if (field == "action" && want.is_string() && got.is_string())
        return lower(want.get<std::string>()) == lower(got.get<std::string>());
    return want == got;
}

std::vector<std::string> mismatches(const json& label, const json& ours, const std::vector<std::string>& fields) {
    std::vector<std::string> bad;
    for (const auto& f : fields) {
        json want;
        if (!expected(label, f, want)) continue;
        if (!same(f, want, ours[f])) bad.push_back(f + ": expected " + want.dump() + ", got " + ours[f].dump());
    }
    return bad;
}

// "| errorlogs/101 | action | ..." rows of KNOWN_DISAGREEMENTS.md -> {"101-...": {"action"}}
std::map<std::string, std::set<std::string>> known_disagreements() {
    std::map<std::string, std::set<std::string>> known;
    std::string text;
    try {
        text = wd::test::read_file(wd::test::corpus_path("KNOWN_DISAGREEMENTS.md"));
    } catch (const std::exception&) {
        return known;
    }
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const std::string tag = "| errorlogs/";
        if (line.rfind(tag, 0) != 0) continue;
        const std::size_t id_end = line.find(' ', tag.size());
        const std::string id = line.substr(tag.size(), id_end - tag.size());
        const std::size_t f1 = line.find('|', id_end);
        const std::size_t f2 = line.find('|', f1 + 1);
        std::string field = line.substr(f1 + 1, f2 - f1 - 1);
        field.erase(0, field.find_first_not_of(' '));
        field.erase(field.find_last_not_of(' ') + 1);
        known[id].insert(field);
    }
    return known;
}

}  // namespace

TEST_CASE("errorlogs corpus: every labelled field", "[log][corpus]") {
    const auto& cat = wd::test::generated_catalog();
    const auto known = known_disagreements();
    const std::string dir = wd::test::corpus_path("errorlogs");
    std::map<std::string, std::pair<int, int>> accuracy;  // field -> (right, asserted)
    int passed = 0, failed = 0, known_failed = 0, cases = 0;
    std::vector<std::string> unexpected;
    for (const auto& name : wd::test::list_dir(dir)) {
        if (name.size() < 5 || name.substr(name.size() - 4) != ".log") continue;
        ++cases;
        const std::string id = name.substr(0, name.size() - 4);
        const json label = json::parse(wd::test::read_file(dir + "/" + id + ".json"));
        const auto result = wd::log::parse_log(wd::test::read_file(dir + "/" + name), &cat);
        std::vector<std::string> problems;
        std::set<std::string> failed_fields;
        if (label.value("iam_denial", true) == false) {
            if (!result.denials.empty()) {
                problems.push_back("negative case yielded " + std::to_string(result.denials.size()) + " denial(s)");
                failed_fields.insert("negative");
            }
            bool info = false;
            for (const auto& d : result.diags) info = info || (d.code == "WD3001" && d.level == wd::severity::info);
            if (!info) {
                problems.push_back("no WD3001 info diagnostic");
                failed_fields.insert("negative");
            }
        } else {
            const json extra = label.value("additional_denials", json::array());
            if (result.denials.size() != 1 + extra.size()) {
                problems.push_back("expected " + std::to_string(1 + extra.size()) + " denial(s), got " +
                                   std::to_string(result.denials.size()));
                failed_fields.insert("count");
            }
            if (!result.denials.empty()) {
                const json ours = as_label(result.denials.front());
                const std::vector<std::string> all(std::begin(kFields), std::end(kFields));
                for (const auto& f : all) {
                    json want;
                    if (!expected(label, f, want)) continue;
                    auto& acc = accuracy[f];
                    ++acc.second;
                    if (same(f, want, ours[f])) ++acc.first;
                    else failed_fields.insert(f);
                }
                for (auto& m : mismatches(label, ours, all)) problems.push_back(m);
                for (const auto& add : extra) {
                    std::vector<std::string> fields;
                    for (const auto& f : all)
                        if (add.contains(f) || (f == "resource_arn" && add.contains("resource_text"))) fields.push_back(f);
                    bool found = false;
                    for (std::size_t k = 1; k < result.denials.size() && !found; ++k)
                        found = mismatches(add, as_label(result.denials[k]), fields).empty();
                    if (!found) {
                        problems.push_back("additional denial not found: " + add.dump());
                        failed_fields.insert("additional");
                    }
                }
            }
        }
        if (problems.empty()) {
            ++passed;
            continue;
        }
        ++failed;
        bool all_known = known.count(id) > 0;
        for (const auto& f : failed_fields) all_known = all_known && known.at(id).count(f) > 0;
        if (all_known) ++known_failed;
        std::cout << (all_known ? "  known disagreement " : "  FAIL ") << id << "\n";
        for (const auto& p : problems) std::cout << "      " << p << "\n";
        if (!all_known) unexpected.push_back(id);
    }
    std::cout << "errorlogs: " << passed << " passed, " << failed << " failed";
    if (known_failed) std::cout << " (" << known_failed << " known disagreements, see tests/corpus/KNOWN_DISAGREEMENTS.md)";
    std::cout << (cat.empty() ? "  [no generated IAM catalog]" : "") << "\n";
    for (const auto& [field, acc] : accuracy)
        std::cout << "  " << field << ": " << acc.first << "/" << acc.second << "\n";
    CHECK(cases >= 86);
    INFO("unexpected failures: " << unexpected.size());
    CHECK(unexpected.empty());
}

// SPDX-License-Identifier: MIT
// The CLI's readable report: one block per denial (request, role, decision and why, fix and patch),
// then lint warnings and diagnostics. Sentences come from the records' `text` (already localised);
// the few headings here are translated inline.
#include "common/diagnostic_summaries.hpp"
#include "explain/explain.hpp"
#include "explain/messages.hpp"

namespace wd::explain {
namespace {

std::string s(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || j[key].is_null()) return "-";
    return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

int num(const json& j, const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_number_integer() ? j[key].get<int>() : 0;
}

std::string h(std::string_view en, std::string_view ja, std::string_view locale) {
    return std::string(locale == "ja" ? ja : en);
}

void texts(std::string& out, const json& records, const char* indent) {
    if (!records.is_array()) return;
    for (const auto& r : records)
        if (r.is_object() && r.contains("text") && r["text"].is_string()) out += std::string(indent) + "- " + r["text"].get<std::string>() + "\n";
}

}  // namespace

// The decision's and the fix kind's names stay as the JSON spells them (scripts grep them); in Japanese a gloss follows.
std::string gloss_ja(const std::string& value, std::string_view locale) {
    if (locale != "ja") return {};
    static const std::pair<const char*, const char*> glosses[] = {
        {"Allow", "許可"},          {"ImplicitDeny", "暗黙的な拒否"}, {"ExplicitDeny", "明示的な拒否"},
        {"Undetermined", "判定不能"}, {"add-statement", "ステートメントを追加"}, {"remove-deny", "Deny から外す"},
        {"outside-config", "設定ファイルの外で修正"}, {"none", "設定の修正なし"}};
    for (const auto& [en, ja] : glosses)
        if (value == en) return std::string("（") + ja + "）";
    return {};
}

std::string render_report(const json& doc, std::string_view locale) {
    try {
        std::string out;
        const json& denials = doc.contains("denials") ? doc["denials"] : json::array();
        if (denials.empty()) out += render_message("report.no_denial", json::object(), locale) + "\n";
        int n = 0;
        for (const auto& d : denials) {
            ++n;
            out += h("Denial ", "拒否 ", locale) + std::to_string(n) + h(" (log line ", "（ログ ", locale) + s(d, "line") +
                   h(")", " 行目）", locale) + "\n";
            out += "  " + h("action:    ", "アクション: ", locale) + s(d, "action") + "\n";
            out += "  " + h("resource:  ", "リソース:   ", locale) + s(d, "resource") + "\n";
            if (d.contains("principal") && d["principal"].is_object())
                out += "  " + h("principal: ", "プリンシパル: ", locale) + s(d["principal"], "arn") + "\n";
            out += "  " + h("function:  ", "関数:       ", locale) + s(d, "function") + "   " + h("role: ", "ロール: ", locale) + s(d, "role") + "\n";
            // "Allow" is the config's answer; AWS still denied, so say where that leaves the denial.
            const std::string allow_note = d.value("decision", json()) == "Allow"
                                               ? h(" by this config; the denial comes from a policy it cannot show", "（この設定では許可。拒否は設定から見えないポリシーによるもの）", locale)
                                               : std::string();
            out += "  " + h("decision:  ", "判定:       ", locale) + s(d, "decision") + (allow_note.empty() ? gloss_ja(s(d, "decision"), locale) : allow_note) +
                   "   " + h("(reason in log: ", "（ログの理由: ", locale) + s(d, "reason") + h(")", "）", locale) + "\n";
            out += "  " + h("why:", "理由:", locale) + "\n";
            texts(out, d.value("explanation", json::array()), "    ");
            const json& fix = d.contains("fix") ? d["fix"] : json::object();
            out += "  " + h("fix: ", "修正: ", locale) + s(fix, "kind") + gloss_ja(s(fix, "kind"), locale) +
                   (fix.contains("verified") && fix["verified"] == true ? h(" (verified)", "（検証済み）", locale) : std::string()) + "\n";
            texts(out, fix.value("explanation", json::array()), "    ");
            if (fix.contains("statement") && !fix["statement"].is_null()) out += "    " + fix["statement"].dump() + "\n";
            if (fix.contains("request") && fix["request"].is_object()) {
                out += "    " + s(fix["request"], "text") + "\n";
                if (fix["request"].contains("command")) out += "    $ " + s(fix["request"], "command") + "\n";
            }
            if (fix.contains("blastRadius")) texts(out, fix["blastRadius"].value("explanation", json::array()), "    ");
        }
        if (doc.contains("patch") && doc["patch"].is_object()) {
            out += "\n" + h("Patch", "パッチ", locale) + ":\n" + s(doc["patch"], "diff");
        }
        if (doc.contains("lint") && doc["lint"].is_array() && !doc["lint"].empty()) {
            out += "\n" + h("Lint", "リント", locale) + ":\n";
            for (const auto& l : doc["lint"]) out += "  " + h("line ", "", locale) + s(l, "line") + (locale == "ja" ? " 行目" : "") + ": " + s(l, "text") + "\n";
        }
        if (doc.contains("diagnostics") && doc["diagnostics"].is_array() && !doc["diagnostics"].empty()) {
            out += "\n" + h("Diagnostics", "診断", locale) + ":\n";
            for (const auto& g : doc["diagnostics"]) {
                std::string pos = s(g, "file");
                if (num(g, "line") > 0) pos += ":" + std::to_string(num(g, "line"));
                if (num(g, "column") > 0) pos += ":" + std::to_string(num(g, "column"));
                // (The message is English; in another language its summary leads, as on the page.)
                const std::string_view summary = diagnostic_summary(s(g, "code"), locale);
                out += "  " + s(g, "severity") + " " + s(g, "code") + " " + pos + " " +
                       (summary.empty() ? s(g, "message") : std::string(summary) + " — " + s(g, "message")) + "\n";
            }
        }
        return out;
    } catch (...) {
        return doc.dump(2, ' ', false, json::error_handler_t::replace);
    }
}

}  // namespace wd::explain

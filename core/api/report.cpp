// SPDX-License-Identifier: MIT
#include "api/report.hpp"

#include <sstream>

#include "serverless/roles_json.hpp"

namespace wd::api {

namespace {

std::string text_of(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return "-";
    return v.dump();
}

void render_diagnostics(std::ostringstream& out, const json& answer) {
    if (!answer.contains("diagnostics")) return;
    for (const auto& d : answer["diagnostics"]) {
        out << d.value("severity", "error") << " " << d.value("code", "") << ": " << d.value("message", "");
        if (d.contains("line") && d["line"].is_number())
            out << " (" << text_of(d.value("file", json(nullptr))) << " " << d["line"].get<int>() << ":"
                << (d.contains("column") && d["column"].is_number() ? d["column"].get<int>() : 1) << ")";
        out << "\n";
    }
}

}  // namespace

json package_roles_to_json(const sls::package_result& r) { return sls::roles_to_json(r.roles); }

std::string render_report(std::string_view command, const json& answer) {
    std::ostringstream out;
    if (command == "package") {
        if (answer.contains("roles")) {
            for (const auto& role : answer["roles"]) {
                out << "role " << text_of(role.value("logicalId", json(nullptr))) << " ("
                    << text_of(role.value("roleName", json(nullptr))) << ")";
                if (role.contains("functions") && !role["functions"].empty()) {
                    out << " used by";
                    for (const auto& f : role["functions"]) out << " " << text_of(f);
                }
                out << "\n";
                for (const auto& s : role.value("statements", json::array())) {
                    out << "  " << text_of(s.value("Effect", json("Allow"))) << " "
                        << s.value("Action", s.value("NotAction", json(nullptr))).dump() << " on "
                        << s.value("Resource", s.value("NotResource", json(nullptr))).dump();
                    const json src = s.value("source", json::object());
                    out << "   [" << text_of(src.value("kind", json(nullptr)));
                    if (src.contains("line") && src["line"].is_number()) out << " line " << src["line"].get<int>();
                    out << "]\n";
                }
            }
        }
    } else if (command == "version") {
        out << "whydenied " << text_of(answer.value("engine", json(nullptr))) << ", IAM catalog "
            << text_of(answer.value("catalog", json(nullptr))) << "\n";
    } else if (command == "evaluate") {
        out << "decision: " << text_of(answer.value("decision", json(nullptr)));
        out << " (" << text_of(answer.value("reasonClass", json(nullptr))) << ")\n";
    } else {
        const json denials = answer.value("denials", json::array());
        out << denials.size() << (denials.size() == 1 ? " denial" : " denials") << "\n";
        for (const auto& d : denials) {
            out << "line " << text_of(d.value("line", json(nullptr))) << ": "
                << text_of(d.value("action", json(nullptr))) << " on "
                << text_of(d.value("resource", json(nullptr))) << " denied to "
                << text_of(d.value("principal", json::object()).value("arn", json(nullptr))) << " (reason "
                << text_of(d.value("reason", json(nullptr))) << ")\n";
        }
    }
    render_diagnostics(out, answer);
    return out.str();
}

}  // namespace wd::api

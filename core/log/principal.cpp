// SPDX-License-Identifier: MIT
#include "log/principal.hpp"

#include <algorithm>

#include "iam/arn.hpp"
#include "log/scan_util.hpp"

namespace wd::log::detail {

namespace {

void add_once(std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

std::vector<std::string_view> split(std::string_view s, char sep, std::size_t max_parts) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (parts.size() + 1 < max_parts) {
        const std::size_t p = s.find(sep, start);
        if (p == std::string_view::npos) break;
        parts.push_back(s.substr(start, p - start));
        start = p + 1;
    }
    parts.push_back(s.substr(start));
    return parts;
}

// The resource part of a principal ARN: "assumed-role/R/S", "user/path/N", "role/N", "root", "federated-user/N".
void split_resource(std::string_view res, principal_info& p) {
    const auto parts = split(res, '/', 3);
    const std::string_view kind = parts[0];
    if (kind == "assumed-role") {
        p.type = "assumed-role";
        if (parts.size() > 1) p.role_name = std::string(parts[1]);
        if (parts.size() > 2) p.session_name = std::string(parts[2]);
    } else if (kind == "user") {
        p.type = "user";
        const std::size_t slash = res.rfind('/');
        if (slash != std::string_view::npos && slash + 1 < res.size()) p.user_name = std::string(res.substr(slash + 1));
    } else if (kind == "role") {
        p.type = "role";
        const std::size_t slash = res.rfind('/');
        if (slash != std::string_view::npos && slash + 1 < res.size()) p.role_name = std::string(res.substr(slash + 1));
    } else if (kind == "root") {
        p.type = "root";
    } else if (kind == "federated-user") {
        p.type = "federated-user";
        if (parts.size() > 1) p.user_name = std::string(res.substr(kind.size() + 1));
    }
}

// "user/N", "role/N", "assumed-role/R/S", "federated-user/N": a principal ARN's resource part alone.
bool is_arn_resource_part(std::string_view text) {
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos || slash + 1 >= text.size()) return false;
    const std::string_view kind = text.substr(0, slash);
    return kind == "user" || kind == "role" || kind == "assumed-role" || kind == "federated-user";
}

}  // namespace

std::string_view arn_account(std::string_view arn) {
    if (arn.substr(0, 4) != "arn:" && arn.substr(0, 4) != "aws:") return {};
    const auto f = split(arn, ':', 6);
    const std::size_t idx = arn.substr(0, 4) == "arn:" ? 4 : 3;
    return f.size() > idx ? f[idx] : std::string_view{};
}

principal_info parse_principal(std::string_view printed, std::vector<std::string>& redacted) {
    principal_info p;
    std::string text(trim(printed));
    // Strip quotes and the sentence's own punctuation around it.
    while (!text.empty() && (text.front() == '`' || text.front() == '\'' || text.front() == '"')) text.erase(0, 1);
    while (!text.empty() && (text.back() == '`' || text.back() == '\'' || text.back() == '"' || text.back() == ','))
        text.pop_back();
    if (text.empty()) return p;
    // Blanks left here were typed on the line (the callers drop the ones a line break made): redactions
    // such as "arn:aws:sts:: ... :assumed-role/..." or "[account id]", kept as printed.

    if (text.rfind("arn:", 0) == 0) {
        p.arn = text;
        const auto f = split(text, ':', 6);
        const std::string_view service = f.size() > 2 ? f[2] : std::string_view{};
        const std::string_view account = f.size() > 4 ? f[4] : std::string_view{};
        if (f.size() > 5) {
            split_resource(f[5], p);
        } else if (service == "iam" && f.size() > 4 && !f[4].empty()) {  // "arn:aws:iam:" alone says nothing
            // "arn:aws:iam::[ID]": the resource part is cut. Callers in the iam namespace are users (or root);
            // a role always calls as an sts assumed-role session.
            p.type = "user";
        }
        if (is_twelve_digits(account)) {
            p.account_id = std::string(account);
        } else if (iam::is_masked_account(account)) {
            add_once(redacted, "principal.accountId");
        }
    } else if (text.size() > 14 && text.compare(text.size() - 14, 14, ".amazonaws.com") == 0) {
        p.type = "service";
        p.arn = text;
    } else if (is_arn_resource_part(text)) {
        // Only the ARN's resource part was printed ("user/jackson", Node 0.x's IAM messages): the name is known,
        // the account and so the ARN are not.
        p.text = text;
        split_resource(text, p);
    } else if (text.find('/') != std::string::npos) {
        // The head of the ARN was replaced by a placeholder: "[my-ARN]/role/session".
        p.arn = text;
        const auto parts = split(text, '/', 3);
        const std::string head = lower_copy(parts[0]);
        if (parts.size() == 3 || head.find("assumed-role") != std::string::npos) {
            p.type = "assumed-role";
            p.role_name = std::string(parts[1]);
            if (parts.size() > 2) p.session_name = std::string(parts[2]);
        } else if (head.find("user") != std::string::npos) {
            p.type = "user";
            p.user_name = std::string(parts.back());
        } else if (head.find("role") != std::string::npos) {
            p.type = "role";
            p.role_name = std::string(parts.back());
        }
        if (looks_redacted(parts[0])) {
            add_once(redacted, "principal.arn");
            add_once(redacted, "principal.accountId");
        }
    } else {
        p.text = text;  // "anonymous", "xxx", "AWS_IAM_User_ARN": not an ARN
        if (looks_redacted(text) || text.find("ARN") != std::string::npos) add_once(redacted, "principal.arn");
        return p;
    }
    if (looks_redacted(p.arn)) add_once(redacted, "principal.arn");
    if (looks_redacted(p.role_name)) add_once(redacted, "principal.roleName");
    if (looks_redacted(p.session_name)) add_once(redacted, "principal.sessionName");
    if (looks_redacted(p.user_name)) add_once(redacted, "principal.userName");
    return p;
}

}  // namespace wd::log::detail

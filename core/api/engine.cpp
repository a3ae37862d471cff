// SPDX-License-Identifier: MIT
#include "api/engine.hpp"

#include <exception>

#include "api/input.hpp"
#include "api/report.hpp"
#include "common/json_text.hpp"
#include "common/text_encoding.hpp"
#include "explain/explain.hpp"
#include "iam/evaluator.hpp"
#include "log/log_parser.hpp"
#include "serverless/package.hpp"
#include "yaml/document.hpp"

namespace wd::api {

std::string engine_version() { return WD_VERSION; }

namespace {

json failure(const std::string& code, const std::string& message) {
    json a = json::object();
    a["diagnostics"] = to_json(diagnostics{make_error(code, message, "request")});
    return a;
}

// Appends diagnostics from the input reader in front of the answer's own.
void prepend_diagnostics(json& answer, const diagnostics& input_diags) {
    if (input_diags.empty()) return;
    json merged = to_json(input_diags);
    if (answer.contains("diagnostics") && answer["diagnostics"].is_array())
        for (auto& d : answer["diagnostics"]) merged.push_back(d);
    answer["diagnostics"] = std::move(merged);
}

sls::options read_package_options(const json& input, diagnostics& diags) {
    sls::options o;
    o.stage = optional_string(input, "stage", diags);
    o.region = optional_string(input, "region", diags);
    o.files = string_map(input, "files", diags);
    for (auto& [name, text] : o.files) decode_utf16_input(text, name, diags);
    o.files_complete = bool_or_false(input, "filesComplete", diags);
    o.env = string_map(input, "env", diags);
    o.params = string_map(input, "params", diags);
    return o;
}

}  // namespace

json engine::load_catalog(std::string_view text) {
    diagnostics diags;
    iam::catalog fresh = iam::catalog::from_json(text, diags);
    if (!has_errors(diags)) catalog_ = std::move(fresh);
    return to_json(diags);
}

json engine::load_managed_policies(std::string_view text) {
    diagnostics diags;
    catalog_.load_managed_policies(text, diags);
    return to_json(diags);
}

std::string engine::catalog_date() const { return catalog_.date(); }

json engine::stamp(std::string_view schema) const {
    json j = json::object();
    j["schema"] = std::string(schema);
    j["engine"] = engine_version();
    j["catalog"] = catalog_.empty() ? json(nullptr) : json(catalog_.date());
    return j;
}

json engine::explain(const json& input) const {
    diagnostics input_diags;
    explain::request req;
    req.config = string_or_empty(input, "config", input_diags);
    req.log = string_or_empty(input, "log", input_diags);
    req.opts = read_package_options(input, input_diags);
    req.account_id = optional_string(input, "accountId", input_diags);
    req.locale = optional_string(input, "locale", input_diags).value_or("en");
    json body = explain::explain(req, catalog_.empty() ? nullptr : &catalog_);
    json answer = stamp("whydenied/explain@1");
    for (auto it = body.begin(); it != body.end(); ++it) answer[it.key()] = it.value();
    prepend_diagnostics(answer, input_diags);
    return answer;
}

json engine::package(const json& input) const {
    diagnostics input_diags;
    std::string config = string_or_empty(input, "config", input_diags);
    decode_utf16_input(config, "config", input_diags);
    sls::options opts = read_package_options(input, input_diags);
    yaml::document doc = yaml::load(config, "config");
    json answer = json::object();
    diagnostics diags = doc.diags;
    if (config.find_first_not_of(" \t\r\n") == std::string::npos) {
        diags.push_back(make_error("WD9003", "the config is empty", "config"));
    } else if (doc.parsed) {
        sls::package_result r = sls::package(doc, opts);
        answer = r.cfn_template.is_object() ? r.cfn_template : json::object();
        answer["roles"] = package_roles_to_json(r);
        answer["stage"] = r.stage;
        answer["region"] = r.region;
        diags.insert(diags.end(), r.diags.begin(), r.diags.end());
    }
    json stamped = stamp("whydenied/package@1");
    for (auto it = answer.begin(); it != answer.end(); ++it) stamped[it.key()] = it.value();
    stamped["diagnostics"] = to_json(diags);
    prepend_diagnostics(stamped, input_diags);
    return stamped;
}

json engine::evaluate(const json& input) const {
    return stamped_evaluation(iam::evaluate_case(input, catalog_.empty() ? nullptr : &catalog_));
}

json engine::stamped_evaluation(json body) const {
    json answer = stamp("whydenied/evaluate@1");
    for (auto it = body.begin(); it != body.end(); ++it) answer[it.key()] = std::move(it.value());
    return answer;
}

std::string engine::evaluate_text(const json& input) const {
    iam::evaluation_result r = iam::evaluate_case_result(input, catalog_.empty() ? nullptr : &catalog_);
    json answer = stamped_evaluation(iam::case_answer(r, false));
    std::string text = answer.dump(2, ' ', false, json::error_handler_t::replace);
    // The trace is written as text into the slot dump left for it: building it as a json tree first was most
    // of an evaluation's cost. Only the answer's own "trace" member sits at this indentation.
    constexpr std::string_view slot = "\n  \"trace\": null";
    const std::size_t at = text.find(slot);
    if (at == std::string::npos) return evaluate(input).dump(2, ' ', false, json::error_handler_t::replace);
    std::string trace;
    json_text_writer writer(trace, 1);
    r.trace.write(writer);
    text.replace(at + slot.size() - 4, 4, trace);
    return text;
}

json engine::parse_log(const json& input) const {
    diagnostics input_diags;
    std::string text = input.is_string() ? input.get<std::string>() : string_or_empty(input, "log", input_diags);
    decode_utf16_input(text, "log", input_diags);
    log::parse_result r = log::parse_log(text, catalog_.empty() ? nullptr : &catalog_);
    json body = log::to_json(r);
    json answer = stamp("whydenied/parse-log@1");
    for (auto it = body.begin(); it != body.end(); ++it) answer[it.key()] = it.value();
    prepend_diagnostics(answer, input_diags);
    return answer;
}

json engine::call(std::string_view command, const json& input) const noexcept {
    try {
        if (command == cmd_explain) return explain(input);
        if (command == cmd_package) return package(input);
        if (command == cmd_evaluate) return evaluate(input);
        if (command == cmd_parse_log || command == "parse-log") return parse_log(input);
        if (command == cmd_version) {
            json v = stamp("whydenied/version@1");
            v["diagnostics"] = json::array();
            return v;
        }
        return failure("WD9004", "unknown command `" + std::string(command) + "`");
    } catch (const std::exception& e) {
        // INVARIANT: the areas catch their own errors; reaching here is a bug, reported, not a crash.
        return failure("WD9999", std::string("internal error: ") + e.what());
    } catch (...) {
        return failure("WD9999", "internal error");
    }
}

namespace {

std::string request_error(const json& stamped, const char* message) {
    json a = stamped;
    a["diagnostics"] = to_json(diagnostics{make_error("WD9001", message, "request")});
    return a.dump(2);
}

constexpr const char* internal_error_text =
    "{\"diagnostics\":[{\"severity\":\"error\",\"code\":\"WD9999\",\"message\":\"internal error\"}]}";

}  // namespace

std::string engine::call_text(std::string_view command, std::string_view input_json) const noexcept {
    try {
        json input = json::parse(input_json.begin(), input_json.end(), nullptr, false);
        if (input.is_discarded()) return request_error(stamp("whydenied/error@1"), "the request is not valid JSON");
        if (command == cmd_evaluate) return evaluate_text(input);
        // Invalid UTF-8 in user text must not throw while dumping: replace it.
        return call(command, input).dump(2, ' ', false, json::error_handler_t::replace);
    } catch (...) {
        return internal_error_text;
    }
}

std::string engine::call_text_with_log(std::string_view command, std::string_view input_json,
                                       std::string_view log_text) const noexcept {
    try {
        json input = json::parse(input_json.begin(), input_json.end(), nullptr, false);
        if (input.is_discarded()) return request_error(stamp("whydenied/error@1"), "the request is not valid JSON");
        if (!input.is_object())
            return request_error(stamp("whydenied/error@1"), "a request with a separate log must be a JSON object");
        input["log"] = std::string(log_text);
        return call(command, input).dump(2, ' ', false, json::error_handler_t::replace);
    } catch (...) {
        return internal_error_text;
    }
}

std::string engine::render(std::string_view command, const json& answer, std::string_view locale) const noexcept {
    try {
        if (command == cmd_explain) return explain::render_report(answer, locale);
        return render_report(command, answer);
    } catch (...) {
        return answer.dump(2, ' ', false, json::error_handler_t::replace);
    }
}

int exit_code_for(const json& answer) {
    if (!answer.is_object() || !answer.contains("diagnostics")) return 0;
    for (const auto& d : answer["diagnostics"])
        if (d.is_object() && d.value("severity", "") == "error") return 1;
    if (answer.value("decision", "") == "Error") return 1;
    return 0;
}

}  // namespace wd::api

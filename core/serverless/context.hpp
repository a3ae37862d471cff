// SPDX-License-Identifier: MIT
// State shared by the packaging steps (internal). The steps run in the framework's lifecycle order:
// shared role (mergeIamTemplates) -> functions -> events -> custom resources -> per-function plugin ->
// user `resources` -> the role view with provenance.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "serverless/json_util.hpp"
#include "serverless/naming.hpp"
#include "serverless/package.hpp"
#include "serverless/variables.hpp"

namespace wd::sls {

// Provenance kept beside a role we generate, index for index with its first policy's statements.
struct role_provenance {
    std::vector<statement_source> statements;
    std::vector<statement_source> managed;
};

struct context {
    context(const yaml::document& d, const options& o, diagnostics& ds) : doc(d), opts(o), diags(ds) {}

    const yaml::document& doc;
    const options& opts;
    diagnostics& diags;
    resolution res;
    std::string service, stage, region;
    json resources = json::object();  // the template's Resources as we build it
    std::string resources_pointer = "/resources/Resources";  // where user resources sit in the input
    std::map<std::string, role_provenance> provenance;
    // Each generated role's statements and managed policies just before `resources` is merged.
    std::map<std::string, json> generated_statements, generated_managed;
    std::vector<std::string> function_keys;  // declaration order
    std::vector<std::string> custom_resource_functions;  // logical ids of the framework's helper lambdas
    bool plugin = false;
    bool strict_validation = false;  // configValidationMode: error

    const json& config() const { return res.config; }
    const json& provider() const { return member(res.config, "provider"); }
    // The function's settings; indexed once the config is final (a linear search per call made a
    // 100-function service quadratic).
    const json& function(const std::string& key) const;
    void index_functions();
    std::string function_pointer(const std::string& key) const { return child_pointer("/functions", key); }
    std::string function_name(const std::string& key) const;  // resolved name (or "" when not a string)
    const json& function_name_value(const std::string& key) const;

    statement_source source(const std::string& kind, const std::string& pointer, const std::string& detail = {}) const;
    void position(const std::string& pointer, int& line, int& column) const;
    void error(const std::string& code, const std::string& message, const std::string& pointer, json args = json::object());
    void warning(const std::string& code, const std::string& message, const std::string& pointer, json args = json::object());
    void info(const std::string& code, const std::string& message, const std::string& pointer, json args = json::object());

    bool has_shared_role() const { return resources.contains(naming::shared_role_id); }
    json* statements_of(const std::string& role_id);  // Policies[0].PolicyDocument.Statement or nullptr
    void push_statement(const std::string& role_id, json statement, statement_source src);
    // lodash unionWith(existing, [statement], isEqual): de-duplicates the whole list, then adds if new.
    void union_statement(const std::string& role_id, json statement, statement_source src);
    void add_trust_service(const std::string& role_id, const std::string& service_principal);

private:
    std::map<std::string, std::size_t> unique_prefix_;  // union_statement bookkeeping
    std::map<std::string, const json*> function_index_;
};

// Whether `plugins` (a list, or `{modules: [...]}`) names the plugin.
bool lists_plugin(const json& plugins, std::string_view name);

// The steps, in lifecycle order (one file each).
void build_shared_role(context& ctx);
void compile_functions(context& ctx);
void check_function_images(context& ctx);  // images.cpp: what `sls package` does with a container image
void compile_events(context& ctx);
void check_event_rules(context& ctx);  // event_rules.cpp: settings the framework refuses (WD2056)
void check_event_references(context& ctx);  // event_references.cpp: authorizer names that lead nowhere (WD2056)
void apply_per_function_plugin(context& ctx);
// The statement schema (provider.js awsIamPolicyStatements), for the provider's lists and the plugin's: WD2011, an
// error with `configValidationMode: error`, else a warning.
void validate_statements(context& ctx, const json& list, const std::string& pointer);
void merge_custom_resources(context& ctx);
void apply_pseudo_parameters_plugin(context& ctx);  // pseudo_parameters.cpp: `#{AWS::Region}` -> Fn::Sub
void collect_roles(context& ctx, package_result& out);
void read_plain_template(const yaml::document& doc, const options& opts, package_result& out);

// sam_functions.cpp: a SAM template's functions and the roles SAM creates for them.
struct sam_role {
    std::string function_id, role_id;                // "CartFunction", "CartFunctionRole"
    std::vector<std::string> inline_pointers;        // per inline policy of the role: its `Policies` entry
    std::vector<bool> inline_statement_lists;        // ... whose `Statement` is a list (else one statement)
    std::vector<std::string> managed_pointers;       // per ManagedPolicyArns entry; "" for the one SAM adds
};
bool is_sam_template(const json& root);
// Rewrites ctx.resources: each AWS::Serverless::Function becomes an AWS::Lambda::Function with a Role, and the
// roles SAM creates are added. Returns those roles, for apply_sam_provenance after collect_roles.
std::vector<sam_role> expand_sam_functions(context& ctx);
void apply_sam_provenance(const context& ctx, const std::vector<sam_role>& roles, package_result& out);
void check_framework_version(context& ctx);
void coerce_schema_lists(context& ctx);

// Existing-role test of provider.js `isExistingRoleProvided`: any string, or an object with a `::` key.
bool is_existing_role(const json& role);
// provider.js `getCustomExecutionRole`: function role -> provider.iam.role (existing) -> provider.role.
json custom_execution_role(const context& ctx, const std::string& function_key);

}  // namespace wd::sls

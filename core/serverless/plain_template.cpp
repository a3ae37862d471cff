// SPDX-License-Identifier: MIT
// A plain CloudFormation template (JSON or YAML) given in place of serverless.yml: its roles, policies
// and functions are read as they are, with provenance pointing into the template.
#include "serverless/context.hpp"

namespace wd::sls {

bool looks_like_cfn_template(const json& root) {
    if (!root.is_object() || !member(root, "Resources").is_object()) return false;
    if (has_key(root, "AWSTemplateFormatVersion")) return true;
    return !has_key(root, "service") && !has_key(root, "functions") && !has_key(root, "provider");
}

void read_plain_template(const yaml::document& doc, const options& opts, package_result& out) {
    context ctx(doc, options{}, out.diags);
    ctx.res.config = doc.root;
    ctx.resources_pointer = "/Resources";
    ctx.resources = doc.root["Resources"];
    ctx.stage = "dev";
    // (No stage in a template; the region is what `${AWS::Region}` stands for: the one asked for, else the default.)
    ctx.region = opts.region.value_or("us-east-1");
    out.stage = ctx.stage;
    out.region = ctx.region;
    out.stage_inferred = true;
    out.region_inferred = !opts.region.has_value();
    out.diags.push_back(make_info("WD2050", "the input is a CloudFormation template; its IAM resources are read as written",
                                  "config", 1, 1));
    std::vector<sam_role> sam_roles;
    if (is_sam_template(doc.root)) sam_roles = expand_sam_functions(ctx);
    collect_roles(ctx, out);
    apply_sam_provenance(ctx, sam_roles, out);
    out.cfn_template = json::object();
    out.cfn_template["AWSTemplateFormatVersion"] = member(doc.root, "AWSTemplateFormatVersion").is_string()
                                                       ? doc.root["AWSTemplateFormatVersion"]
                                                       : json("2010-09-09");
    out.cfn_template["Resources"] = std::move(ctx.resources);
    out.resolved_config = doc.root;
}

}  // namespace wd::sls

// SPDX-License-Identifier: MIT
#include "serverless/naming.hpp"

#include <cctype>

namespace wd::sls::naming {

std::string normalized(std::string_view name) {
    std::string out;
    out.reserve(name.size() + 8);
    for (char c : name) {
        if (c == '-') out += "Dash";
        else if (c == '_') out += "Underscore";
        else out += c;
    }
    // lodash upperFirst: only an ASCII lower-case first letter changes for our inputs.
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

std::string lambda_logical_id(std::string_view function_key) { return normalized(function_key) + "LambdaFunction"; }
std::string log_group_logical_id(std::string_view function_key) { return normalized(function_key) + "LogGroup"; }

std::string log_group_arn_sub(std::string_view name_and_suffix) {
    return std::string("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/") +
           std::string(name_and_suffix);
}

}  // namespace wd::sls::naming

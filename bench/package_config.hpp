// SPDX-License-Identifier: MIT
// The generated benchmark config: a service with `n` functions mixing the features that cost the most
// (variables, per-function events, custom names, VPC, user statements). Shared by the native bench and,
// through `bench_package --print-config`, by the WASM bench, so both time the same text.
#pragma once
#include <string>

namespace wd::bench {

inline std::string generated_package_config(int n) {
    std::string y =
        "service: bench-svc\nframeworkVersion: '3'\ncustom:\n  tablePrefix: bench-${sls:stage}\n  account: '123456789012'\n"
        "provider:\n  name: aws\n  runtime: nodejs18.x\n  stage: ${opt:stage, 'dev'}\n  region: ${opt:region, 'eu-west-1'}\n"
        "  tracing:\n    lambda: true\n  iam:\n    role:\n      managedPolicies:\n        - arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess\n"
        "      statements:\n";
    for (int i = 0; i < 20; ++i)
        y += "        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:Query]\n          Resource: arn:aws:dynamodb:${aws:region}:${self:custom.account}:table/${self:custom.tablePrefix}-" +
             std::to_string(i) + "\n";
    y += "functions:\n";
    for (int i = 0; i < n; ++i) {
        std::string k = "fn" + std::to_string(i);
        y += "  " + k + ":\n    handler: src/" + k + ".handler\n";
        if (i % 10 == 3) y += "    name: custom-" + k + "-${sls:stage}\n";
        if (i % 7 == 0) y += "    vpc:\n      securityGroupIds: [sg-0123456789abcdef0]\n      subnetIds: [subnet-0aaaaaaaaaaaaaaaa]\n";
        if (i % 9 == 0) y += "    onError: arn:aws:sns:${aws:region}:${self:custom.account}:dlq-" + k + "\n";
        y += "    events:\n";
        switch (i % 5) {
            case 0: y += "      - sqs: arn:aws:sqs:${aws:region}:${self:custom.account}:q-" + k + "\n"; break;
            case 1: y += "      - stream:\n          type: dynamodb\n          arn: arn:aws:dynamodb:${aws:region}:${self:custom.account}:table/t-" + k + "/stream/2024\n"; break;
            case 2: y += "      - http:\n          path: " + k + "\n          method: get\n"; break;
            case 3: y += "      - schedule: rate(5 minutes)\n"; break;
            default: y += "      - stream: arn:aws:kinesis:${aws:region}:${self:custom.account}:stream/s-" + k + "\n"; break;
        }
    }
    y += "resources:\n  Resources:\n    ExtraPolicy:\n      Type: AWS::IAM::Policy\n      Properties:\n        PolicyName: extra\n"
         "        Roles: [!Ref IamRoleLambdaExecution]\n        PolicyDocument:\n          Version: '2012-10-17'\n          Statement:\n"
         "            - Effect: Allow\n              Action: s3:GetObject\n              Resource: !Sub 'arn:${AWS::Partition}:s3:::bench-${AWS::Region}/*'\n";
    return y;
}

// A log for `explain` on the generated config: function fn1 (default name `bench-svc-dev-fn1`, shared role
// `bench-svc-dev-eu-west-1-lambdaRole`) denied an action the config does not grant, so explain has to match
// the role and function among all n, evaluate, build a fix and verify it.
inline std::string generated_explain_log() {
    return "2024-08-14T20:22:04.916Z\t930587f4-631c-4afc-81dd-840def9cc233\tERROR\tInvoke Error\t{\"errorType\":"
           "\"AccessDeniedException\",\"errorMessage\":\"User: arn:aws:sts::123456789012:assumed-role/"
           "bench-svc-dev-eu-west-1-lambdaRole/bench-svc-dev-fn1 is not authorized to perform: dynamodb:PutItem on "
           "resource: arn:aws:dynamodb:eu-west-1:123456789012:table/bench-dev-3 because no identity-based policy "
           "allows the dynamodb:PutItem action\"}\n";
}

}  // namespace wd::bench

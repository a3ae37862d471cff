// SPDX-License-Identifier: MIT
#include "explain/messages.hpp"

#include <array>

namespace wd::explain {
namespace {

struct entry {
    std::string_view key, en, ja;
};

// One line per message; `{x}` is filled from args.x, and `{x|word|words}` is the word that agrees with args.x
// (a number, or a list's length): English needs it where a count can be 1, Japanese does not. Keep keys stable:
// the page and tests use them.
constexpr std::array<entry, 169> k_messages{{
    {"decision.allow", "the config as pasted allows `{action}` for role `{role}`",
     "貼り付けられた設定はロール `{role}` に `{action}` を許可しています"},
    {"decision.implicit_deny", "no statement of role `{role}` allows `{action}`: the request is implicitly denied",
     "ロール `{role}` のどのステートメントも `{action}` を許可していないため、暗黙的に拒否されます"},
    {"decision.explicit_deny", "statement at line {line} explicitly denies `{action}`",
     "{line} 行目のステートメントが `{action}` を明示的に拒否しています"},
    {"decision.undetermined_error", "the request could not be evaluated: {problem}", "リクエストを評価できませんでした: {problem}"},
    {"decision.undetermined", "the decision depends on condition {keys|key|keys} {keys}, which the log does not give",
     "判定は条件キー {keys} に依存しますが、ログにはその値がありません"},
    {"decision.undetermined_unresolved",
     "the decision depends on {what}, which cannot be known from the files (it is resolved on deploy or in another stack)",
     "判定は {what} に依存しますが、その値はファイルからは分かりません（デプロイ時または別のスタックで決まります）"},
    {"decision.no_role", "role `{role}` from the log is not created by this config, so its policies are unknown",
     "ログのロール `{role}` はこの設定では作成されないため、そのポリシーは不明です"},
    {"trace.no_action_match", "no statement's action matches `{action}` (the role has {count} {count|statement|statements})",
     "どのステートメントのアクションも `{action}` に一致しません（ロールのステートメント数: {count}）"},
    {"trace.resource_mismatch_generated", "a statement the framework writes ({source}) allows `{action}` but only on {resources}, not on `{resource}`",
     "フレームワークが書き出すステートメント（{source}）は `{action}` を {resources} に対してのみ許可しており、`{resource}` には許可していません"},
    {"trace.resource_mismatch", "statement at line {line} allows `{action}` but only on {resources}, not on `{resource}`",
     "{line} 行目のステートメントは `{action}` を許可していますが、対象は {resources} のみで `{resource}` は含みません"},
    {"trace.condition_unmet", "statement at line {line} matches `{action}` but its condition does not hold",
     "{line} 行目のステートメントは `{action}` に一致しますが、条件が成り立ちません"},
    {"trace.allowed_by", "statement at line {line} ({source}) allows `{action}`",
     "{line} 行目のステートメント（{source}）が `{action}` を許可しています"},
    {"trace.allowed_by_managed", "managed policy `{arn}` allows `{action}`",
     "マネージドポリシー `{arn}` が `{action}` を許可しています"},
    {"trace.managed_unknown", "managed policy `{arn}` is not in the catalog: its statements were not evaluated",
     "マネージドポリシー `{arn}` はカタログにないため評価していません"},
    {"trace.boundary_unknown", "permissions boundary `{arn}` is not visible here: it may deny more",
     "アクセス許可の境界 `{arn}` はここからは見えないため、さらに拒否する可能性があります"},
    {"trace.resource_policy", "resource policy of `{resource}` (line {line}) was evaluated too",
     "`{resource}` のリソースポリシー（{line} 行目）も評価しました"},
    {"trace.unresolved", "could not resolve {what}: a placeholder that matches nothing was used",
     "{what} を解決できなかったため、何にも一致しないプレースホルダーを使いました"},
    {"reason.visible_policies_allow", "the role's own policies in this config allow the request: the {policy} AWS names decided",
     "この設定にあるロールのポリシーはリクエストを許可しています。決め手は AWS が示す {policy} です"},
    {"reason.outside", "AWS says a {policy} denied the request; that policy is not in this config",
     "AWS によると {policy} がリクエストを拒否しました。このポリシーは設定ファイルにはありません"},
    {"reason.unseen_managed_deny", "the config's own statements allow this request, but AWS saw an explicit Deny in an identity-based policy: it is in the attached managed policy {policies}, which the config does not show",
     "設定ファイルのステートメントはこのリクエストを許可していますが、AWS は ID ベースのポリシーで明示的な Deny を検出しました。Deny は設定ファイルに中身のない、アタッチされたマネージドポリシー {policies} にあります"},
    {"reason.missing_key_listbucket", "the config allows `{action}`, but not `s3:ListBucket` on `{bucket}`: for a key that does not exist, S3 then answers 403 Access Denied instead of 404 NoSuchKey. Allowing the listing turns the error into the truthful one (check the key the code asks for)",
     "設定は `{action}` を許可していますが、`{bucket}` に対する `s3:ListBucket` は許可していません。この場合、存在しないキーに対して S3 は 404 NoSuchKey ではなく 403 Access Denied を返します。一覧表示を許可するとエラーが本来のもの（キーが存在しない）になります（コードが要求しているキーを確認してください）"},
    {"match.resource_from_definition", "the log names no resource; the file defines one resource of the kind this action acts on: `{resource}`, taken as the resource",
     "ログにリソース名はありません。このアクションが対象とする種類のリソースはファイル内に 1 つだけ定義されています: `{resource}` をリソースとして扱います"},
    {"reason.allow_but_denied", "the config as pasted already allows this request: the deployed stack probably differs from this file (deploy it again), or a policy outside the config denied it",
     "貼り付けられた設定はこのリクエストをすでに許可しています。デプロイ済みのスタックがこのファイルと異なる（再デプロイが必要）か、設定外のポリシーが拒否した可能性があります"},
    {"match.role_from_config", "the log names no role; the config's role for it is `{role_name}` (`{logical_id}`)",
     "ログにロール名はありません。設定ファイル上のロールは `{role_name}`（`{logical_id}`）です"},
    {"match.role", "the log's role `{role_name}` is `{logical_id}` in the generated template",
     "ログのロール `{role_name}` は生成テンプレートの `{logical_id}` です"},
    {"match.function", "session `{session}` is function `{function}`", "セッション `{session}` は関数 `{function}` です"},
    {"match.function_single", "the function is `{function}`: the only function using this role",
     "このロールを使う関数は `{function}` だけなので、関数は `{function}` です"},
    {"match.lambda_log_only_function", "the log comes from a Lambda function and names no role; `{function}` is the only function of this service",
     "ログは Lambda 関数のもので、ロール名がありません。このサービスの関数は `{function}` だけです"},
    {"match.lambda_log_shared_role", "the log comes from a Lambda function and names no role; every function of this service uses `{logical_id}`",
     "ログは Lambda 関数のもので、ロール名がありません。このサービスの関数はすべて `{logical_id}` を使います"},
    {"match.function_logical_id", "the log names `{logical_id}`, which is function `{function}`",
     "ログの `{logical_id}` は関数 `{function}` です"},
    {"match.redacted", "the log redacts {fields}; matched with the visible parts", "ログでは {fields} が伏せられているため、見えている部分で照合しました"},
    {"match.deploy_principal", "`{principal}` is a deployment identity, not a function role: this is a deployment-permission problem (the identity running `sls deploy` / CloudFormation lacks `{action}`)",
     "`{principal}` は関数のロールではなくデプロイ用の ID です。デプロイ権限の問題です（`sls deploy` / CloudFormation を実行する ID に `{action}` がありません）"},
    {"match.account_mismatch", "the log's account `{log_account}` differs from `{account}`", "ログのアカウント `{log_account}` は `{account}` と異なります"},
    {"fix.add_statement", "add one statement allowing `{action}` on `{resource}` to {target}",
     "{target} に `{action}` を `{resource}` に対して許可するステートメントを 1 つ追加します"},
    {"fix.merge", "add `{action}` to the statement at line {line}, which already allows {existing} on the same resource",
     "同じリソースに {existing} を許可している {line} 行目のステートメントに `{action}` を追加します"},
    {"fix.replace_unknown_action", "replace `{typo}` at line {line} with `{action}`: `{typo}` is unknown to the IAM catalog, so that entry allows nothing",
     "{line} 行目の `{typo}` を `{action}` に置き換えます。`{typo}` は IAM カタログにないため、この行は何も許可していません"},
    {"lint.unknown_action", "`{action}` in the statement at line {line} is unknown to the IAM catalog of {catalog} (did you mean `{suggestion}`?): the entry matches no action",
     "{line} 行目のステートメントの `{action}` は {catalog} 時点の IAM カタログにありません（`{suggestion}` のことでしょうか）。この行はどのアクションにも一致しません"},
    {"lint.condition_value_ip", "`{operator}` at line {line}: `{value}` for `{key}` is not an IP address or CIDR block, so the condition matches no request",
     "{line} 行目の `{operator}`: `{key}` の値 `{value}` はIP アドレスでも CIDR ブロックでもありません。この条件はどのリクエストにも一致しません"},
    {"lint.condition_value_ip_negated", "`{operator}` at line {line}: `{value}` for `{key}` is not an IP address or CIDR block, so the condition holds for every request and restricts nothing",
     "{line} 行目の `{operator}`: `{key}` の値 `{value}` はIP アドレスでも CIDR ブロックでもありません。この条件はすべてのリクエストで成り立ち、何も制限しません"},
    {"lint.condition_value_number", "`{operator}` at line {line}: `{value}` for `{key}` is not a number, so the condition matches no request",
     "{line} 行目の `{operator}`: `{key}` の値 `{value}` は数値ではありません。この条件はどのリクエストにも一致しません"},
    {"lint.condition_value_number_negated", "`{operator}` at line {line}: `{value}` for `{key}` is not a number, so the condition holds for every request and restricts nothing",
     "{line} 行目の `{operator}`: `{key}` の値 `{value}` は数値ではありません。この条件はすべてのリクエストで成り立ち、何も制限しません"},
    {"lint.condition_value_date", "`{operator}` at line {line}: `{value}` for `{key}` is not a date (ISO 8601 or epoch seconds), so the condition matches no request",
     "{line} 行目の `{operator}`: `{key}` の値 `{value}` は日付（ISO 8601 またはエポック秒）ではありません。この条件はどのリクエストにも一致しません"},
    {"lint.condition_value_date_negated", "`{operator}` at line {line}: `{value}` for `{key}` is not a date (ISO 8601 or epoch seconds), so the condition holds for every request and restricts nothing",
     "{line} 行目の `{operator}`: `{key}` の値 `{value}` は日付（ISO 8601 またはエポック秒）ではありません。この条件はすべてのリクエストで成り立ち、何も制限しません"},
    {"lint.unknown_action_plain", "`{action}` in the statement at line {line} is unknown to the IAM catalog of {catalog}: the entry matches no action",
     "{line} 行目のステートメントの `{action}` は {catalog} 時点の IAM カタログにありません。この行はどのアクションにも一致しません"},
    {"fix.merge_objects", "add `{action}` to the statement at line {line}, which already allows {existing} on `{pattern}`, a pattern this resource falls under",
     "このリソースを含むパターン `{pattern}` に {existing} を許可している {line} 行目のステートメントに `{action}` を追加します"},
    {"fix.remove_deny_action", "remove `{action}` from the Deny statement at line {line}; it still denies {protected}",
     "{line} 行目の Deny ステートメントから `{action}` を外します。{protected} は引き続き拒否されます"},
    {"decision.explicit_deny_resource", "statement at line {line} of the resource policy `{policy}` explicitly denies `{action}`",
     "リソースポリシー `{policy}` の {line} 行目のステートメントが `{action}` を明示的に拒否しています"},
    {"decision.explicit_deny_boundary", "statement at line {line} of the permissions boundary `{policy}` (in this file) explicitly denies `{action}`",
     "このファイルのアクセス許可の境界 `{policy}` の {line} 行目のステートメントが `{action}` を明示的に拒否しています"},
    {"fix.remove_deny_boundary", "remove `{action}` from the Deny statement at line {line} of the permissions boundary `{policy}`: the boundary caps every role it is attached to, so this lifts the cap for them all; keep it if the boundary's owner meant it",
     "アクセス許可の境界 `{policy}` の {line} 行目の Deny ステートメントから `{action}` を外します。境界はそれを付けたすべてのロールの上限なので、すべてのロールでこの制限が外れます。境界の管理者が意図したものなら残してください"},
    {"reason.allow_condition_unmet", "the statement at line {line} allows `{action}` only under a condition ({conditions}); AWS says no identity policy allowed the request, so the request most likely did not meet it",
     "{line} 行目のステートメントは条件（{conditions}）付きでのみ `{action}` を許可しています。AWS はどのアイデンティティポリシーも許可しなかったと言っているため、リクエストはおそらくこの条件を満たしていません"},
    {"reason.allow_condition_fails", "the statement at line {line} allows `{action}` only under a condition ({conditions}), and this request has {facts}: the condition does not hold, so the statement does not apply",
     "{line} 行目のステートメントは条件（{conditions}）付きでのみ `{action}` を許可していますが、このリクエストは {facts} のため条件を満たさず、このステートメントは適用されません"},
    {"fix.change_allow_condition", "no change proposed: the condition of the statement at line {line} is a restriction its author chose (a time window, the service that may call); if this `{action}` should be allowed, change that condition as a security decision rather than add a grant without it",
     "変更は提案しません。{line} 行目のステートメントの条件は作成者が選んだ制限（期間や呼び出し元のサービスなど）です。この `{action}` を許可すべきなら、条件なしの許可を追加するのではなく、セキュリティ上の判断としてその条件を変更してください"},
    {"reason.extension_policies_replace", "`resources.extensions.{role}.Properties.Policies` replaces the role's policies (the framework assigns an extension's Properties one by one): statements written for the role elsewhere, such as provider.iam.role.statements, never reach it",
     "`resources.extensions.{role}.Properties.Policies` はロールのポリシーを置き換えます（フレームワークは拡張の Properties を項目ごとに上書きします）。provider.iam.role.statements など、ほかの場所に書いたロールのステートメントは反映されません"},
    {"fix.meet_allow_condition", "make the request meet the condition of the statement at line {line} ({conditions}), for example the value the code sends; or change the condition if the code is right",
     "{line} 行目のステートメントの条件（{conditions}）をリクエストが満たすようにしてください（コードが送る値など）。コードが正しいなら条件を変更してください"},
    {"hint.key_source_vpc", "`{key}` is only in requests that go through a VPC endpoint: the function must run in a VPC with that endpoint (`vpc:` in serverless.yml, and the endpoint in the route), or the role must be exempted from the guard",
     "`{key}` は VPC エンドポイント経由のリクエストにしか含まれません。関数をそのエンドポイントのある VPC で動かす（serverless.yml の `vpc:` とルート）か、ロールをこのガードの対象外にしてください"},
    {"hint.key_source_service", "`{key}` is only set when an AWS service calls on behalf of one of its resources; the function's own calls never carry it, so this guard applies to every call the function makes: exempt the role (for example with `aws:PrincipalArn`) instead",
     "`{key}` は AWS のサービスが自身のリソースの代わりに呼び出すときにだけ設定されます。関数自身の呼び出しには含まれないため、このガードは関数のすべての呼び出しに適用されます。代わりにロールを（たとえば `aws:PrincipalArn` で）除外してください"},
    {"fix.remove_mfa_guard", "remove the Deny statement at line {line}: it denies whenever MFA is missing, which is every call of a function's role session (a guard meant for people signing in)",
     "{line} 行目の Deny ステートメントを削除します。MFA がないときに拒否するため、関数のロールセッションのすべての呼び出しを拒否します（サインインする人向けのガードです）"},
    {"hint.key_mfa", "`{key}` is false (or absent) in a Lambda function's role session (no one signs in with MFA there): this guard, usually copied from a policy for console users, denies every call of the function; remove it from the function's role",
     "Lambda 関数のロールセッションでは `{key}` は false（または存在しない）です（MFA でサインインする人がいないため）。このガードは通常コンソールユーザー向けのポリシーからコピーされたもので、関数のすべての呼び出しを拒否します。関数のロールから外してください"},
    {"fix.deny_condition_service_only",
     "the Deny statement at line {line} of `{policy}` lets through only calls that carry its condition keys ({condition}), which AWS sets only when a service calls on someone's behalf: a function's own call never meets it, whatever the code sends. Only an exemption lets `{role}` through, for example `ArnNotEquals: {aws:PrincipalArn: {role}}` added to that Condition (its keys are ANDed); that is a security decision",
     "`{policy}` の {line} 行目の Deny ステートメントは、条件キー（{condition}）を持つ呼び出しだけを通します。これらのキーは AWS サービスが代理で呼び出すときにだけ設定されるため、関数自身の呼び出しはコードが何を送っても満たせません。`{role}` を通すには除外が必要です（例: その Condition に `ArnNotEquals: {aws:PrincipalArn: {role}}` を追加。キーは AND で結合されます）。これはセキュリティ上の判断です"},
    {"reason.plain_http", "AWS reports an explicit deny by a resource policy, and the only Deny that can give it (line {line}) applies when the request is not sent over TLS: the client called a plain `http://` endpoint (an `endpoint_url`, `use_ssl=False`, `sslEnabled: false`); use HTTPS and keep the guard",
     "AWS はリソースポリシーによる明示的な拒否を報告しています。それを起こせる Deny（{line} 行目）は TLS を使わないリクエストに適用されるものだけです。クライアントが `http://` のエンドポイント（`endpoint_url`、`use_ssl=False`、`sslEnabled: false` など）を呼んでいます。HTTPS を使い、このガードは残してください"},
    {"fix.condition_key_direct_call", "the statement at line {line} allows `{action}` only on a call a service makes for the function ({keys}, such as Secrets Manager decrypting a secret with the key); the log shows the function calling `{action}` itself, which never carries those keys: go through that service, or, as a security decision, allow the direct call without the condition",
     "{line} 行目のステートメントは、サービスが関数の代わりに行う呼び出し（{keys}。例: Secrets Manager がキーでシークレットを復号する）でのみ `{action}` を許可しています。ログでは関数自身が `{action}` を呼び出しており、その呼び出しにはこれらのキーが含まれません: そのサービス経由で呼び出すか、セキュリティ上の判断として条件なしで直接の呼び出しを許可してください"},
    {"fix.condition_key_never_sent", "the statement at line {line} allows `{action}` only under a condition on {keys}, which a `{action}` request never carries (the Service Authorization Reference lists no such key for it), so it can never apply: call an action that carries the key (a Query by the partition key instead of a Scan, say), or, as a security decision, allow `{action}` without that condition",
     "{line} 行目のステートメントは {keys} の条件付きで `{action}` を許可していますが、`{action}` のリクエストはこのキーを持たない（サービス認可リファレンスに記載がない）ため、適用されることはありません。キーを持つアクション（Scan の代わりにパーティションキーでの Query など）を使うか、セキュリティ上の判断として条件なしで `{action}` を許可してください"},
    {"fix.kms_used_together", "sending to an encrypted SQS queue or SNS topic uses the key with {also} as well as `{action}` (the services' key-management guides): the fix grants them together, or the next call fails on the other",
     "暗号化された SQS キューや SNS トピックへの送信では `{action}` に加えて {also} もキーに対して使います（各サービスのキー管理ガイド）。次の呼び出しで失敗しないよう、まとめて許可します"},
    {"fix.meet_deny_condition",
     "the Deny statement at line {line} of `{policy}` applies because of its condition ({condition}): the request must meet it (the code sends what the policy expects); removing or loosening that guard is a security decision, not a permission fix",
     "`{policy}` の {line} 行目の Deny ステートメントは条件（{condition}）によって適用されています。リクエストがこの条件を満たすようにしてください（コード側でポリシーが求める値を送る）。このガードを外したり緩めたりするのは権限の修正ではなくセキュリティ上の判断です"},
    {"fix.remove_deny_resource", "remove `{action}` from the Deny statement at line {line} of the resource policy `{policy}`; it denies it to every principal",
     "リソースポリシー `{policy}` の {line} 行目の Deny ステートメントから `{action}` を外します。このステートメントはすべてのプリンシパルに対して拒否しています"},
    {"fix.exempt_from_deny", "add `{value}` to the principals the Deny statement at line {line} of `{policy}` exempts; it still denies everyone else",
     "`{policy}` の {line} 行目の Deny ステートメントが除外するプリンシパルに `{value}` を追加します。ほかのプリンシパルは引き続き拒否されます"},
    {"fix.deny_only_statement", "the Deny statement at line {line} is the only statement of `{policy}` and denies `{action}` to every principal: narrow it (a condition naming who may) or remove the policy",
     "{line} 行目の Deny ステートメントは `{policy}` の唯一のステートメントで、すべてのプリンシパルに `{action}` を拒否しています。条件で許可する対象を絞るか、ポリシー自体を削除してください"},
    {"fix.by_hand", "the patch could not be written into this file's layout: add the statement shown by hand",
     "このファイルの書式ではパッチを書き込めませんでした。表示したステートメントを手で追加してください"},
    {"fix.exempt_not_action", "add `{action}` to the NotAction list of the Deny statement at line {line}; it still denies every other action",
     "{line} 行目の Deny ステートメントの NotAction に `{action}` を追加します。ほかのアクションは引き続き拒否されます"},
    {"fix.exempt_not_resource", "add `{resource}` to the NotResource list of the Deny statement at line {line}; it still denies every other resource",
     "{line} 行目の Deny ステートメントの NotResource に `{resource}` を追加します。ほかのリソースは引き続き拒否されます"},
    {"decision.resource_policy_no_grant", "the role allows `{action}`, but the policy of `{policy}` (line {line}) must allow the role too, and it does not",
     "ロールは `{action}` を許可していますが、`{policy}`（{line} 行目）のポリシーもこのロールを許可する必要があり、許可していません"},
    {"fix.grant_in_resource_policy", "add a statement to the policy of `{policy}` (line {line}) allowing `{action}` to `{principal}`",
     "`{policy}`（{line} 行目）のポリシーに、`{principal}` に `{action}` を許可するステートメントを追加します"},
    {"fix.statements_elsewhere", "`{path}` is written as `{value}`: add the statement where that points (the file or variable), as an item of its list; this file is not changed",
     "`{path}` は `{value}` として書かれています。ステートメントはその参照先（ファイルや変数）のリストに項目として追加してください。このファイルは変更しません"},
    {"fix.grant_in_boundary", "add a statement allowing `{action}` to the permissions boundary `{policy}` (line {line}): a boundary caps what the role's own statements can allow",
     "アクセス許可の境界 `{policy}`（{line} 行目）に `{action}` を許可するステートメントを追加します。境界はロール自身のステートメントが許可できる範囲の上限です"},
    {"decision.boundary_no_grant", "the role allows `{action}`, but its permissions boundary `{policy}` (line {line}) does not, and a boundary caps what the role can do",
     "ロールは `{action}` を許可していますが、アクセス許可の境界 `{policy}`（{line} 行目）が許可しておらず、境界がロールの権限の上限になっています"},
    {"fix.who_organizations", "the {policy} is managed in AWS Organizations: its owner is the organization's management account, or an account delegated to administer Organizations policies, not this account's own administrators",
     "{policy} は AWS Organizations で管理されています。変更できるのは組織の管理アカウント、または Organizations のポリシー管理を委任されたアカウントで、このアカウント自身の管理者ではありません"},
    {"fix.object_prefix", "the key `{key}` is one of many the code reads or writes (the next call names another), so the grant is on `{resource}`; narrow it if your keys share a longer prefix",
     "キー `{key}` は呼び出しごとに変わるキーの一つなので、`{resource}` を許可します。キーに共通の接頭辞があればさらに絞ってください"},
    {"fix.ses_recipient", "the log names the address `{email}` as an identity: while the account is in the SES sandbox every recipient is checked as an identity too, so the grant covers the account's identities (`{resource}`) instead of writing one person's address into the config; to send to unverified recipients, request production access",
     "ログはアドレス `{email}` を ID として示しています。アカウントが SES サンドボックスにある間は受信者も ID として確認されるため、個人のアドレスを設定ファイルに書く代わりにアカウントの ID 全体（`{resource}`）を許可します。未検証の宛先に送るには本番アクセスを申請してください"},
    {"fix.per_deploy_number", "the log names one version (`{id}`: a published version, a revision, a stack id); the next deploy makes a new one, so the grant is on `{resource}`",
     "ログは 1 つのバージョン（`{id}`: 発行済みバージョン、リビジョン、スタック ID）を示しています。次のデプロイで新しくなるため、`{resource}` に対して許可します"},
    {"fix.resource_joins_statement", "the statement at line {line} allows {actions} together on other resources of this service: `{resource}` joins its Resource list, so the next call of that set works there too (none of them writes more than the failing call)",
     "{line} 行目のステートメントは一緒に使うアクション（{actions}）をこのサービスの別のリソースに許可しています: `{resource}` をその Resource に加え、同じ組の次の呼び出しもそこで動くようにします（どのアクションも失敗した呼び出し以上の書き込みをしません）"},
    {"fix.sibling_keys", "the log shows the same call on several keys ({keys}): the key varies, so the grant is the folder they share, `{resource}`",
     "ログには同じ呼び出しが複数のキー（{keys}）に対して出ています。キーが変わるため、共通のフォルダー `{resource}` に対して許可します"},
    {"fix.per_run_id", "the log names one run (`{id}`); the next run has a new id, so the grant is on `{resource}`",
     "ログは 1 回の実行（`{id}`）を示しています。次の実行では ID が変わるため、`{resource}` に対して許可します"},
    {"fix.per_call_name", "the log names `{id}`, a name the code makes per call (a client's connection id, a schedule per item); the next call names another, so the grant is on `{resource}`",
     "ログは `{id}` を示していますが、これはコードが呼び出しごとに作る名前（クライアントの接続 ID、項目ごとのスケジュールなど）です。次の呼び出しでは別の名前になるため、`{resource}` に対して許可します"},
    {"hint.secret_suffix_missing", "the statement at line {line} names `{written}`, but a secret's ARN ends with a 6-character suffix Secrets Manager adds: write `{written}-??????`",
     "{line} 行目のステートメントは `{written}` を指定していますが、シークレットの ARN には Secrets Manager が付ける 6 文字の接尾辞があります。`{written}-??????` と書いてください"},
    {"hint.parameter_double_slash", "the statement at line {line} names `{written}`: a parameter path that starts with `/` goes right after `parameter` (one slash), so this matches nothing",
     "{line} 行目のステートメントは `{written}` を指定しています。`/` で始まるパラメータのパスは `parameter` の直後に続くため（スラッシュは 1 つ）、これは何にも一致しません"},
    {"fix.broad_deny_guard", "the Deny statement at line {line} guards `{action}` on more resources than `{resource}`: deleting it would lift that guard everywhere. If this function is meant to do it, leave this resource out of the Deny by hand (for example `NotResource` with its folder, `bucket/dir/*`, or a narrower `Resource`)",
     "{line} 行目の Deny ステートメントは `{resource}` 以外のリソースでも `{action}` を禁止するガードです。削除するとすべての場所でガードが外れます。この関数に許可するつもりなら、このリソースだけを Deny から手で外してください（たとえばこのリソースを `NotResource` にする、`Resource` を狭める）"},
    {"fix.narrow_deny_by_hand", "the Deny statement at line {line} denies more than `{action}`: deleting it would lift all of that; take `{action}` out of it (or exempt this role in a condition) by hand",
     "{line} 行目の Deny ステートメントは `{action}` 以外も拒否しています。削除するとそのすべてが解除されるため、`{action}` だけを手で外してください（または条件でこのロールを除外してください）"},
    {"fix.deny_elsewhere", "the Deny of `{action}` is not written in this file but in `{value}`: an Allow cannot override it; take `{action}` out of that Deny there",
     "`{action}` の Deny はこのファイルではなく `{value}` に書かれています。Allow では上書きできないため、そちらの Deny から `{action}` を外してください"},
    {"fix.global_service_region", "`{service}` is a global service: its requests always name us-east-1, so the guard at line {line} must allow us-east-1 for it (for example `NotAction: {service}:*` in the guard)",
     "`{service}` はグローバルサービスで、リクエストのリージョンは常に us-east-1 です。{line} 行目のガードで us-east-1 を許可する必要があります（例: ガードに `NotAction: {service}:*`）"},
    {"reason.kms_key_ambiguous", "AWS says the key policy of `{resource}` denied the request; this file defines {count} KMS keys and a key id does not say which one it is: that key's policy must allow the role",
     "AWS によると `{resource}` のキーポリシーがリクエストを拒否しました。このファイルには KMS キーが {count} 個あり、キー ID からはどれかわかりません。そのキーのポリシーでロールを許可する必要があります"},
    {"decision.ecr_image_pull", "Lambda could not pull the function's container image ({image}): the ECR repository's policy decides, not the execution role",
     "Lambda が関数のコンテナイメージ（{image}）を取得できませんでした。決めるのは実行ロールではなく ECR リポジトリのポリシーです"},
    {"fix.ecr_image_pull", "the repository `{repository}` must let the Lambda service (`lambda.amazonaws.com`) call `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` (Lambda adds this itself when the identity that deploys may call `ecr:SetRepositoryPolicy` and `ecr:GetRepositoryPolicy`)",
     "リポジトリ `{repository}` のポリシーで Lambda サービス（`lambda.amazonaws.com`）に `ecr:BatchGetImage` と `ecr:GetDownloadUrlForLayer` を許可してください（デプロイする ID が `ecr:SetRepositoryPolicy` と `ecr:GetRepositoryPolicy` を使えれば Lambda が自動で追加します）"},
    {"fix.ecr_image_pull_other_account", "the repository `{repository}` is in account {account}: its owner must add this statement to the repository's policy, so the Lambda service may pull the image for functions of account {our_account} (no change in this config helps)",
     "リポジトリ `{repository}` はアカウント {account} にあります。その所有者がリポジトリのポリシーにこのステートメントを追加し、アカウント {our_account} の関数のために Lambda サービスがイメージを取得できるようにする必要があります（この設定ファイルの変更では解決しません）"},
    {"fix.remove_deny_only", "remove the Deny statement at line {line}", "{line} 行目の Deny ステートメントを削除します"},
    {"fix.deny_is_whole_policy", "the Deny at line {line} is the only statement of policy {policy}, and IAM refuses a policy without statements: if the guard is no longer wanted, detach {policy} from the role (its managedPolicies entry) or delete it; otherwise leave it, the request stays denied",
     "{line} 行目の Deny はポリシー {policy} の唯一のステートメントで、IAM はステートメントのないポリシーを受け付けません。このガードが不要なら {policy} をロールから外す（managedPolicies の項目）か削除してください。必要なら残してください（リクエストは拒否されたままです）"},
    {"fix.remove_deny", "remove the Deny statement at line {line}; it also denied {protected}",
     "{line} 行目の Deny ステートメントを削除します。このステートメントは {protected} も拒否していました"},
    {"fix.outside_config_deny", "the fix is outside this config: the {policy} explicitly denies `{action}`, and no Allow overrides a Deny; its owner must exempt `{principal}` from that Deny (or change its condition)",
     "修正はこの設定ファイルの外にあります。{policy} が `{action}` を明示的に拒否しており、Allow では Deny を覆せません。その管理者が `{principal}` をその Deny から除外する（または条件を変える）必要があります"},
    {"fix.session_policy_in_code", "the session policy is what the code passes to `AssumeRole` (`Policy` or `PolicyArns`): it can only narrow the role, so `{action}` is allowed there, where the code builds it; a grant on the role changes nothing",
     "セッションポリシーはコードが `AssumeRole` に渡すもの（`Policy` または `PolicyArns`）です。ロールの権限を狭めることしかできないため、`{action}` はコードがそれを組み立てる場所で許可します。ロールへの付与では変わりません"},
    {"fix.outside_config", "the fix is outside this config: the owner of the {policy} must allow `{action}` for `{principal}`",
     "修正はこの設定の外にあります。{policy} の管理者が `{principal}` に `{action}` を許可する必要があります"},
    {"fix.external_role", "role `{role}` is given by ARN and not created by this config: add the statement with `aws iam put-role-policy`",
     "ロール `{role}` は ARN で指定されておりこの設定では作成されません。`aws iam put-role-policy` でステートメントを追加してください"},
    {"fix.none", "nothing to change in the config", "設定を変更する必要はありません"},
    {"fix.verified", "re-analysing the patched config gives Allow", "修正後の設定を再解析すると Allow になります"},
    {"fix.not_verified", "re-analysing the patched config does not give Allow", "修正後の設定を再解析しても Allow になりません"},
    {"fix.resource_star_call", "this call of `{action}` names no resource, so only `Resource: \"*\"` allows it",
     "この `{action}` の呼び出しはリソースを指定しないため、`Resource: \"*\"` でのみ許可できます"},
    {"fix.resource_star", "`{action}` supports no resource-level permissions, so `*` is the least privilege",
     "`{action}` はリソースレベルのアクセス許可に対応していないため、`*` が最小権限です"},
    {"fix.resource_from_log", "the resource is the one the log names", "リソースはログに記載されたものです"},
    {"fix.resource_not_in_log", "the log names no resource: the grant is on `{resource}`, the resource found for it above; check it is the one the code calls",
     "ログにリソースがないため、上で見つけたリソース `{resource}` に対して許可します。コードが呼び出すリソースと同じか確認してください"},
    {"fix.resource_not_arn", "the log's resource `{resource}` is not an ARN, and a policy can name only ARNs or `*`: the grant is on `*`",
     "ログのリソース `{resource}` は ARN ではなく、ポリシーには ARN か `*` しか書けないため、`*` に対して許可します"},
    {"fix.resource_from_config", "the resource is written as the config writes it ({form})", "リソースは設定ファイルと同じ書き方（{form}）にしました"},
    {"fix.resource_assumed_pool", "the log's user pool `{key}` is taken to be {logical_id}, the file's only Cognito user pool: its id is generated at deploy time, so the file cannot confirm it; if the pool is another one, grant `{key}` instead",
     "ログのユーザープール `{key}` は、このファイル唯一の Cognito ユーザープール {logical_id} とみなしました。ID はデプロイ時に生成されるため、ファイルからは確認できません。別のプールなら `{key}` を許可してください"},
    {"fix.resource_assumed_key", "the log's key `{key}` is taken to be {logical_id}, the file's only KMS key: its id is generated at deploy time, so the file cannot confirm it; if the key belongs to something else, grant `{key}` instead",
     "ログのキー `{key}` は、このファイル唯一の KMS キー {logical_id} とみなしました。キー ID はデプロイ時に生成されるため、ファイルからは確認できません。別のキーなら `{key}` を許可してください"},
    {"fix.resource_guessed", "the log names no resource, so the grant uses `*`; narrow it to your resources (shape: `{resource}`)",
     "ログにリソースがないため `*` を使います。実際のリソース（形式: `{resource}`）に絞ってください"},
    {"fix.secret_suffix_added", "the statement at line {line} names the secret without the random suffix Secrets Manager appends, so it matches no secret: `-??????` is added to its resource",
     "{line} 行目のステートメントは Secrets Manager が付けるランダムな接尾辞なしでシークレットを指定しているため、どのシークレットにも一致しません。リソースに `-??????` を追加します"},
    {"hint.other_region", "the statement at line {line} names region `{written}`, but the request is in `{region}`: write the region as `${aws:region}` (or `!Sub` with `${AWS::Region}`) so it follows the deployment",
     "{line} 行目のステートメントはリージョン `{written}` を指定していますが、リクエストは `{region}` です。デプロイ先に合わせて `${aws:region}`（または `!Sub` の `${AWS::Region}`）で書いてください"},
    {"hint.other_account", "the statement at line {line} names account `{written}`, but the resource is in account `{account}`: write it as `${aws:accountId}` (or `!Sub` with `${AWS::AccountId}`) if it is this stack's own account",
     "{line} 行目のステートメントはアカウント `{written}` を指定していますが、リソースはアカウント `{account}` にあります。このスタック自身のアカウントなら `${aws:accountId}`（または `!Sub` の `${AWS::AccountId}`）で書いてください"},
    {"hint.request_other_stage", "the statement at line {line} names this stage's (`{stage}`) resource, but the call went to the `{called}` one (`{resource}`): a name hard-coded in the code or the environment calls another stage; granting it would give stage `{stage}` access to `{called}`'s resource, so check the name before applying the patch",
     "{line} 行目のステートメントはこのステージ（`{stage}`）のリソースを指定していますが、呼び出しは `{called}` のもの（`{resource}`）です。コードや環境変数にハードコードされた名前が別ステージを呼んでいます。許可するとステージ `{stage}` に `{called}` のリソースへのアクセスを与えるので、パッチを適用する前に名前を確認してください"},
    {"hint.plugin_provider_statements_not_inherited", "the provider's statements allow `{action}`, but function `{function}` has its own role (serverless-iam-roles-per-function, because it sets `iamRoleStatements`), which takes the provider's statements only with `iamRoleStatementsInherit: true`",
     "provider のステートメントは `{action}` を許可していますが、関数 `{function}` は `iamRoleStatements` を持つため独自のロール（serverless-iam-roles-per-function）を使い、`iamRoleStatementsInherit: true` のときだけ provider のステートメントを引き継ぎます"},
    {"hint.kms_alias_resource", "the statement at line {line} names the alias `{written}`: an alias ARN in Resource only governs operations on the alias, never use of the key, so it allows no Decrypt or Encrypt; name the key's ARN (`!GetAtt <Key>.Arn`), or `key/*` with the condition `kms:ResourceAliases`",
     "{line} 行目のステートメントはエイリアス `{written}` を指定しています。Resource のエイリアス ARN はエイリアスの操作にしか効かず、キーの使用（Decrypt や Encrypt）は許可しません。キーの ARN（`!GetAtt <Key>.Arn`）か、条件 `kms:ResourceAliases` 付きの `key/*` を指定してください"},
    {"hint.other_stage", "the statement at line {line} names the `{written}` resource where this deployment (stage `{stage}`) uses its own: write the stage as `${sls:stage}`",
     "{line} 行目のステートメントは `{written}` のリソースを指定していますが、このデプロイ（ステージ `{stage}`）は自分のリソースを使います。ステージは `${sls:stage}` で書いてください"},
    {"fix.ssm_single_slash", "the statement at line {line} writes the parameter path after `parameter/` although the path starts with `/` (a double slash that matches nothing): its resource becomes `{value}`",
     "{line} 行目のステートメントはパラメータのパスを `parameter/` の後に書いていますが、パスは `/` で始まるため二重スラッシュになり何にも一致しません。リソースを `{value}` にします"},
    {"fix.queue_url_to_arn", "the statement at line {line} names the queue by its URL, but IAM matches a queue's ARN, never its URL, so it allows nothing: its resource becomes `{value}`",
     "{line} 行目のステートメントはキューを URL で指定していますが、IAM が照合するのはキューの ARN で URL ではないため、何も許可していません。リソースを `{value}` にします"},
    {"fix.s3_arn_place_fields", "the statement at line {line} writes a region or account into an S3 ARN, whose region and account fields are always empty (`arn:aws:s3:::bucket/key`), so it matches nothing: its resource becomes `{value}`",
     "{line} 行目のステートメントは S3 の ARN にリージョンかアカウントを書いていますが、S3 の ARN ではこの 2 つは常に空（`arn:aws:s3:::bucket/key`）なので何にも一致しません。リソースを `{value}` にします"},
    {"fix.objects_star_added", "the statement at line {line} ends its resource with `/` and no `*`, which names only a key with nothing after the slash, not the objects under it: its resource becomes `{value}`",
     "{line} 行目のステートメントのリソースは `/` で終わり `*` がないため、スラッシュの後に何もないキーしか指さず、その下のオブジェクトには一致しません。リソースを `{value}` にします"},
    {"fix.remote_variable_assumed", "the file reads `{variable}` from AWS at deploy time; `{value}` in the log has the shape of the name CloudFormation generates for that stack's resource, so the grant is written with the variable (and verified as if it were `{value}`)",
     "このファイルは `{variable}` をデプロイ時に AWS から読みます。ログの `{value}` はそのスタックのリソースに CloudFormation が付ける名前の形なので、許可は変数で書きます（検証ではその値を `{value}` とみなします）"},
    {"match.resource_cut", "the log is cut off inside the resource (`{resource}` is not a whole ARN): the resource is unknown",
     "ログがリソースの途中で切れています（`{resource}` は完全な ARN ではありません）。リソースは不明です"},
    {"fix.action_not_in_log_nothing", "the log names no action, so no grant can be written: the role allows nothing on `{resource}`; grant the action of the call that failed (its SDK method's IAM action) there",
     "ログにアクションがないため許可を書けません。ロールは `{resource}` に対して何も許可していません。失敗した呼び出し（SDK メソッド）の IAM アクションを許可してください"},
    {"fix.action_not_in_log", "the log names no action, so no grant can be written: the role allows {allowed} on `{resource}`; add the action of the call that failed (its SDK method's IAM action) to that statement",
     "ログにアクションがないため許可を書けません。ロールは `{resource}` に対して {allowed} を許可しています。失敗した呼び出し（SDK メソッド）の IAM アクションをそのステートメントに追加してください"},
    {"fix.name_to_arn", "the statement at line {line} names `{written}`, a name, where IAM matches only ARNs, so it allows nothing: its resource becomes `{value}`",
     "{line} 行目のステートメントは `{written}` という名前を指定していますが、IAM が照合するのは ARN だけなので何も許可していません。リソースを `{value}` にします"},
    {"fix.getatt_arn", "the statement at line {line} names the `{attribute}` of `{id}`, which is not its ARN, so it matches nothing for these actions: it is corrected in place to `{corrected}`",
     "{line} 行目のステートメントは `{id}` の `{attribute}` を指定していますが、これはその ARN ではないため、これらのアクションでは何にも一致しません: その場で `{corrected}` に修正します"},
    {"fix.ref_not_arn", "the statement at line {line} names `!Ref {id}`, which gives `{refValue}` (not an ARN, so it matches nothing): it is corrected in place to `{corrected}`",
     "{line} 行目のステートメントは `!Ref {id}` を指定していますが、これは `{refValue}` を返します（ARN ではないため何にも一致しません）: その場で `{corrected}` に修正します"},
    {"fix.near_miss_stage", "the statement at line {line} names `{written}`, the requested resource without its stage: `{corrected}` is added to its Resource",
     "{line} 行目のステートメントはステージのない `{written}` を指定しています。`{corrected}` を Resource に追加しました"},
    {"fix.near_miss_resource", "the statement at line {line} names `{written}`, which misses the requested resource only by a slip ({kind}): it is corrected in place to `{corrected}` (if the old name is a resource of its own, keep it beside the new one)",
     "{line} 行目のステートメントは `{written}` を指定しており、要求されたリソースとは小さな違い（{kind}）だけです。`{corrected}` にその場で修正しました（元の名前が別の実在リソースなら両方を残してください）"},
    {"fix.container_contents_siblings", "the same list names its other buckets the same way, so their objects are added too: {contents}",
     "同じリストの他のバケットも同じ書き方なので、そのオブジェクトも追加しました: {contents}"},
    {"fix.container_contents", "the statement at line {line} names the container, but `{action}` acts on what is inside it: `{contents}` is added to its Resource",
     "{line} 行目のステートメントはコンテナ自体を指定していますが、`{action}` はその中身に対する操作です。Resource に `{contents}` を追加します"},
    {"fix.secret_suffix", "Secrets Manager appends 6 random characters to a secret's ARN, matched by `-??????`",
     "Secrets Manager はシークレットの ARN に 6 文字のランダムな接尾辞を付けるため、`-??????` で一致させます"},
    {"fix.request_text_role", "Hello, our {who} `{principal}` (managed outside our serverless.yml) has no permission for `{action}`{on}. Could you add it to the role's policies? The statement we need:\n{statement}",
     "お疲れさまです。{who} `{principal}`（serverless.yml の外で管理）には `{action}`{on} の権限がありません。ロールのポリシーに追加をお願いできますか。必要なステートメント:\n{statement}"},
    {"fix.request_text", "Hello, our {who} `{principal}` is denied `{action}`{on} by {policy}. Could you allow it? The statement we need:\n{statement}",
     "お疲れさまです。{who} `{principal}` が {policy} によって `{action}`{on} を拒否されています。許可をお願いできますか。必要なステートメント:\n{statement}"},
    {"fix.called_together", "`{action}` is called in sequence with {also} on the same resource (the service's data-plane guide): the fix grants them together, or the next call fails",
     "`{action}` は同じリソースに対して {also} と続けて呼び出されます（サービスのデータプレーンのガイド）: 次の呼び出しが失敗しないよう、まとめて許可します"},
    {"fix.who_identity_center", "`{role}` is the role IAM Identity Center keeps for permission set `{set}`: IAM refuses edits to it, so the Identity Center administrator adds the statement to that permission set (its inline policy, or a customer managed policy it names)",
     "`{role}` は IAM Identity Center が権限セット `{set}` 用に管理するロールです。IAM ではこのロールを変更できないため、Identity Center の管理者がその権限セット（インラインポリシー、または参照するカスタマー管理ポリシー）にステートメントを追加します"},
    {"fix.checked_together", "Lambda checks {also} together with `{action}` when it deploys the function: the fix grants them too, or the next deploy fails on the next one",
     "Lambda は関数のデプロイ時に `{action}` と一緒に {also} も確認するため、これらも許可します（そうしないと次のデプロイで次のアクションが拒否されます）"},
    {"match.resource_from_environment", "the log names no resource; function `{function}`'s environment names `{resource}` for this service, taken as the resource",
     "ログにリソースがないため、関数 `{function}` の環境変数がこのサービスについて示す `{resource}` をリソースとみなします"},
    {"match.resource_from_event", "the log names no resource; function `{function}` reads it through its `{event}` event: `{resource}`",
     "ログにリソースがないため、関数 `{function}` の `{event}` イベントのリソース `{resource}` とみなします"},
    {"decision.resource_unknown", "the log names no resource, and the role already allows `{action}` on {resources}: whether this call was allowed depends on the resource it was for",
     "ログにリソースがなく、ロールはすでに {resources} に対して `{action}` を許可しています。許可されるかどうかは呼び出し先のリソースによります"},
    {"hint.s3_missing_key", "S3 answers 403, not 404, for a key that does not exist when the role may not `s3:ListBucket` on the bucket: check the key, or allow `s3:ListBucket` on that bucket",
     "S3 は、バケットに対する `s3:ListBucket` がないと、存在しないキーにも 404 ではなく 403 を返します。キーを確認するか、そのバケットに `s3:ListBucket` を許可してください"},
    {"fix.need_resource", "no change proposed: a grant of `{action}` on `*` would widen the role; find the resource the call was for (the bucket, table or queue the code uses) and grant it there",
     "変更は提案しません。`*` に `{action}` を許可するとロールが広がりすぎます。呼び出し先のリソース（コードが使うバケット・テーブル・キューなど）を確認し、そこに許可してください"},
    {"reason.trust_policy", "the role's policies allow assuming `{resource}`, which this config does not define: a role's trust policy must name the caller itself, in the same account too, so that trust policy did not allow this role",
     "ロールのポリシーは `{resource}` の引き受けを許可していますが、このロールは設定で定義されていません: ロールの信頼ポリシーは同じアカウント内でも呼び出し元を明示する必要があるため、その信頼ポリシーがこのロールを許可していません"},
    {"reason.cross_account", "the role allows it, but `{resource}` belongs to another account: that account's policy on it must allow the role too",
     "ロールは許可していますが、`{resource}` は別アカウントのリソースです。そのアカウント側のポリシーでもこのロールを許可する必要があります"},
    {"fix.already_allowed", "no change proposed: the file already allows `{action}` there, so the denial comes from a policy this file does not hold (a boundary, an SCP, the resource's own policy)",
     "変更は提案しません。ファイルはすでに `{action}` を許可しているため、拒否はこのファイルにないポリシー（境界、SCP、リソース側のポリシーなど）によるものです"},
    {"match.resource_optional", "the log names no resource: `{action}` names a {type} only when the call gives one, so this call was authorised on `*`",
     "ログにリソースがありません: `{action}` は呼び出しが {type} を指定したときだけそれを対象にするため、この呼び出しは `*` に対して認可されました"},
    {"match.kms_via_service", "the call was `{operation}`, {service}'s operation: {service} called KMS for the function, so the `{action}` request carries kms:ViaService `{endpoint}`",
     "呼び出しは {service} の操作 `{operation}` です。{service} が関数に代わって KMS を呼び出したため、`{action}` のリクエストには kms:ViaService `{endpoint}` が含まれます"},
    {"match.current_time_from_log", "the request's time (aws:CurrentTime) is `{time}`, the timestamp of the denial's log line",
     "リクエストの時刻（aws:CurrentTime）は、拒否のログ行のタイムスタンプ `{time}` です"},
    {"match.resource_from_encryption", "the log names no key; `{encrypted}`, which the role already works on, is encrypted with `{resource}`, taken as the key",
     "ログにキーがありません。ロールが既に扱う `{encrypted}` は `{resource}` で暗号化されているため、これをキーとみなします"},
    {"match.resource_from_statement", "the log names no resource; the role's statements of that service work on `{resource}`, taken as the resource",
     "ログにリソースがないため、同じサービスについてロールのステートメントが対象にしている `{resource}` をリソースとみなします"},
    {"match.function_log_group", "the log comes from log group `{group}`, which is function `{function}`",
     "ログはロググループ `{group}` のもの、つまり関数 `{function}` のものです"},
    {"fix.request_text_deny", "Hello, our {who} `{principal}` is denied `{action}`{on} by an explicit Deny in the {policy}. An Allow cannot override a Deny: could you exempt us from it (or change its condition)? What we need to be able to do:\n{statement}",
     "お疲れさまです。{who} `{principal}` が {policy} の明示的な Deny によって `{action}`{on} を拒否されています。Allow では Deny を上書きできないため、この Deny の対象から除外する（または条件を変更する）ことをお願いできますか。必要な操作:\n{statement}"},
    {"fix.other_account_too", "after this change the role allows the call, but the resource belongs to another account: its {policy} must allow the role as well",
     "この変更でロールは呼び出しを許可しますが、リソースは別アカウントのものです。その {policy} でもこのロールを許可する必要があります"},
    {"fix.requester.lambda_role", "Lambda role", "Lambda のロール"},
    {"fix.requester.deploy_role", "deployment role", "デプロイに使うロール"},
    {"fix.requester.deploy_user", "deployment user", "デプロイに使うユーザー"},
    {"lint.action_star", "statement at line {line} allows every action (`Action: '*'`)",
     "{line} 行目のステートメントはすべてのアクションを許可しています（`Action: '*'`）"},
    {"lint.resource_star_write", "statement at line {line} allows write actions ({actions}) on every resource (`Resource: '*'`)",
     "{line} 行目のステートメントは書き込みアクション（{actions}）をすべてのリソースに許可しています（`Resource: '*'`）"},
    {"lint.admin_policy", "role `{role}` has the managed policy `{arn}`, which allows far more than a function needs",
     "ロール `{role}` にはマネージドポリシー `{arn}` が付いており、関数に必要な範囲を大きく超えています"},
    {"lint.provider_stage_fixed", "`${self:provider.stage}` (line {line}) is always `{fixed}`, the YAML value, but this stack runs as stage `{stage}` (`--stage` does not change it): names built with it point at the `{fixed}` resources; write `${sls:stage}` instead",
     "`${self:provider.stage}`（{line} 行目）は YAML の値 `{fixed}` のままですが、このスタックのステージは `{stage}` です（`--stage` では変わりません）。これで組み立てた名前は `{fixed}` のリソースを指します。代わりに `${sls:stage}` と書いてください"},
    {"lint.broader_than_needed", "statement at line {line} grants {patterns} action patterns where {needed} action was needed ({actions}); the narrower statement: {suggestion}",
     "{line} 行目のステートメントは {patterns} 個のアクションパターンを許可していますが、必要だったのは {needed} 個（{actions}）です。より狭いステートメント: {suggestion}"},
    {"blast.summary", "the patch newly allows {count} {count|action|actions} on {resources}", "この修正で新たに {count} 個のアクションが {resources} に許可されます"},
    {"blast.flag_write", "includes write access", "書き込みアクセスを含みます"},
    {"blast.flag_permissions", "includes permissions management", "アクセス許可の管理を含みます"},
    {"blast.flag_star", "applies to every resource (`*`)", "すべてのリソース（`*`）に適用されます"},
    {"report.no_denial", "no denial found", "拒否は見つかりませんでした"},
}};

std::string arg_text(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_array()) {
        std::string out;
        for (const auto& x : v) {
            if (!out.empty()) out += ", ";
            out += arg_text(x);
        }
        return out;
    }
    if (v.is_null()) return "-";
    return v.dump();
}

// "word|words" -> the form that agrees with `count`: singular for exactly one (a number 1, a list of one).
std::string_view agreeing_word(const json& count, std::string_view forms) {
    const std::size_t bar = forms.find('|');
    if (bar == std::string_view::npos) return forms;
    const bool one = count.is_array() ? count.size() == 1 : count.is_number() ? count == 1 : !count.is_null();
    return one ? forms.substr(0, bar) : forms.substr(bar + 1);
}

}  // namespace

std::string_view message_template(std::string_view key, std::string_view locale) {
    for (const auto& e : k_messages)
        if (e.key == key) return locale == "ja" ? e.ja : e.en;
    return {};
}

std::string render_message(std::string_view key, const json& args, std::string_view locale) {
    std::string_view t = message_template(key, locale);
    if (t.empty()) return std::string(key);
    std::string out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '{') {
            std::size_t close = t.find('}', i);
            if (close != std::string_view::npos) {
                const std::string_view inside = t.substr(i + 1, close - i - 1);
                const std::size_t bar = inside.find('|');
                const std::string name(inside.substr(0, bar));
                if (args.is_object() && args.contains(name)) {
                    out += bar == std::string_view::npos ? arg_text(args[name])
                                                          : std::string(agreeing_word(args[name], inside.substr(bar + 1)));
                    i = close;
                    continue;
                }
            }
        }
        out += t[i];
    }
    return out;
}

json make_record(std::string_view key, json args, std::string_view locale) {
    json r = json::object();
    r["key"] = std::string(key);
    r["text"] = render_message(key, args, locale);
    r["args"] = std::move(args);
    return r;
}

}  // namespace wd::explain

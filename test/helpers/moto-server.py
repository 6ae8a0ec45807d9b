# moto_server for the tests, with two changes that keep its answers the same:
#
# 1. AWS managed policies are created when first named, not all at once. moto with
#    MOTO_IAM_LOAD_MANAGED_POLICIES=true builds all ~1,600 of them (and parses their
#    4.7 MB JSON) for every IAM backend, that is after every POST /moto-api/reset: about
#    0.2 s per test on an idle machine, far more under load. Here a policy is built the
#    first time a call names its ARN (GetPolicy, Attach*Policy, GetPolicyVersion, ...);
#    before a ListPolicies or GetAccountAuthorizationDetails whose answer includes AWS
#    managed policies, all of them are built, in moto's order: every answer is what the
#    eager load gives (checked side by side for get, attach, list by scope, versions).
# 2. The server stops when the process given by MVSP_MOTO_OWNER_PID is gone, so a test
#    run that is killed leaves no server behind.
#
# 3. Closer to how AWS authorises calls under IAM enforcement:
#    - moto checks every CloudTrail call against the resource "*", so a policy scoped to a
#      trail ARN would be refused; here each call is checked against the trail it names
#      (Service Authorization Reference: CloudTrail's "trail" resource type);
#    - moto checks IAM calls (but role ones), EventBridge and SNS calls against "*" too; here
#      each is checked against the resource AWS authorises it on (Service Authorization
#      Reference: IAM's group, user and policy; EventBridge's rule; SNS's topic), so
#      policies scoped to those ARNs are held to them;
#    - moto names some S3 bucket calls after the API instead of the IAM action (HeadBucket),
#      or does not know them (encryption, ownershipControls); here they carry the IAM action
#      AWS checks (Service Authorization Reference: Amazon S3 actions).
#
# 6. moto's dispatcher lists its own package directory (one listdir and an isdir per entry,
#    about 200 system calls) to route every request, under one lock that all requests share;
#    here that list is read once at start. The routing is the same; the server just keeps up
#    when many requests come at once (verify --org with eight accounts in flight). For the
#    same reason the access log (a line per request) is off; errors are still logged.
#
# Usage: python moto-server.py -H 127.0.0.1 -p PORT (the arguments of moto_server)
import functools
import inspect
import json
import logging
import os
import sys
import threading
import time

os.environ.pop("MOTO_IAM_LOAD_MANAGED_POLICIES", None)

from moto import backends  # noqa: E402
from moto.iam import models  # noqa: E402
from moto.iam.aws_managed_policies import aws_managed_policies_data  # noqa: E402
from moto.server import main  # noqa: E402

_DATA = json.loads(aws_managed_policies_data)
# "policy/<path><name>" (the ARN's resource part) -> name
_BY_RESOURCE = {f"policy{d.get('Path') or '/'}{name}": name for name, d in _DATA.items()}


def _build(backend, name):
    return models.AWSManagedPolicy.from_data(name, backend.account_id, backend.region_name, _DATA[name])


def _ensure(backend, arn):
    if not isinstance(arn, str):
        return
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "iam" or parts[4] != "aws":
        return
    name = _BY_RESOURCE.get(parts[5])
    if name is None or arn in backend.managed_policies:
        return
    policy = _build(backend, name)
    if policy.arn != arn:
        return
    backend.aws_managed_policies.append(policy)
    backend.managed_policies[arn] = policy


def _ensure_all(backend):
    if getattr(backend, "_mvsp_all_loaded", False):
        return
    built = {p.name: p for p in backend.aws_managed_policies}
    aws = [built.get(name) or _build(backend, name) for name in _DATA]
    materialized = set(backend.aws_managed_policies)
    local = [p for p in backend.managed_policies.values() if p not in materialized]
    backend.aws_managed_policies = aws
    backend.managed_policies = {p.arn: p for p in aws + local}
    backend._mvsp_all_loaded = True


def _init_aws_policies(self):
    return []


models.IAMBackend._init_aws_policies = _init_aws_policies

def _lists_aws_policies(name, args):
    """Would this call's answer include AWS managed policies that no call has named yet?"""
    if name == "list_policies":
        return args.get("scope") != "Local" and not args.get("only_attached")
    if name == "get_account_authorization_details":
        f = args.get("policy_filter") or []
        return len(f) == 0 or "AWSManagedPolicy" in f
    return False


def _wrap(name, fn):
    sig = inspect.signature(fn)
    by_arn = "policy_arn" in sig.parameters
    listing = name in ("list_policies", "get_account_authorization_details")

    @functools.wraps(fn)
    def wrapped(self, *args, **kwargs):
        bound = sig.bind_partial(self, *args, **kwargs).arguments
        if by_arn:
            _ensure(self, bound.get("policy_arn"))
        if listing and _lists_aws_policies(name, bound):
            _ensure_all(self)
        return fn(self, *args, **kwargs)

    return wrapped


for _name, _fn in list(vars(models.IAMBackend).items()):
    if _name.startswith("_") or not inspect.isfunction(_fn):
        continue
    if _name in ("list_policies", "get_account_authorization_details") or "policy_arn" in inspect.signature(_fn).parameters:
        setattr(models.IAMBackend, _name, _wrap(_name, _fn))


from moto.cloudtrail.responses import CloudTrailResponse  # noqa: E402
from moto.s3.responses import ACTION_MAP  # noqa: E402


def _trail_resource(self):  # type: ignore[no-untyped-def]
    for param in ("Name", "TrailName", "ResourceId"):
        value = self._get_param(param)
        if isinstance(value, str) and value:
            if value.startswith("arn:"):
                return value
            return f"arn:aws:cloudtrail:{self.region}:{self.current_account}:trail/{value}"
    return "*"


CloudTrailResponse._determine_resource = _trail_resource

from moto.events.responses import EventsHandler  # noqa: E402
from moto.iam.responses import IamResponse  # noqa: E402
from moto.sns.responses import SNSResponse  # noqa: E402


def _param(self, name):  # type: ignore[no-untyped-def]
    try:
        value = self._get_param(name)
    except Exception:  # noqa: BLE001 - a body moto cannot read is checked against "*"
        return None
    return value if isinstance(value, str) and value else None


_iam_role_resource = IamResponse._determine_resource


def _iam_resource(self):  # type: ignore[no-untyped-def]
    # the order AWS uses: AddUserToGroup and AttachGroupPolicy are authorised on the group,
    # AttachUserPolicy on the user, CreatePolicy/GetPolicy/TagPolicy on the policy
    if _param(self, "RoleName"):
        return _iam_role_resource(self)
    account = self.current_account
    group = _param(self, "GroupName")
    if group:
        return f"arn:aws:iam::{account}:group{_param(self, 'Path') or '/'}{group}"
    user = _param(self, "UserName")
    if user:
        return f"arn:aws:iam::{account}:user{_param(self, 'Path') or '/'}{user}"
    arn = _param(self, "PolicyArn")
    if arn:
        return arn
    if self._get_action() == "CreatePolicy" and _param(self, "PolicyName"):
        return f"arn:aws:iam::{account}:policy{_param(self, 'Path') or '/'}{_param(self, 'PolicyName')}"
    return "*"


IamResponse._determine_resource = _iam_resource


def _rule_resource(self):  # type: ignore[no-untyped-def]
    arn = _param(self, "ResourceARN")
    if arn:
        return arn
    name = _param(self, "Name") if self._get_action() in ("PutRule", "DescribeRule", "DeleteRule", "EnableRule", "DisableRule") else _param(self, "Rule")
    if name:
        return f"arn:aws:events:{self.region}:{self.current_account}:rule/{name}"
    return "*"


EventsHandler._determine_resource = _rule_resource


def _topic_resource(self):  # type: ignore[no-untyped-def]
    arn = _param(self, "TopicArn") or _param(self, "ResourceArn")
    if arn:
        return arn
    if self._get_action() == "CreateTopic" and _param(self, "Name"):
        return f"arn:aws:sns:{self.region}:{self.current_account}:{_param(self, 'Name')}"
    return "*"


SNSResponse._determine_resource = _topic_resource

# 4. Service-specific credentials (CodeCommit HTTPS Git credentials, Keyspaces, Bedrock API
#    keys), which moto lacks (it answers them with an HTML page): CreateServiceSpecificCredential,
#    ListServiceSpecificCredentials and UpdateServiceSpecificCredential, answered in IAM's query
#    protocol (moto serialises the results with the IAM service model, as for its own calls)
#    and authorised like every IAM call (on the user they name), kept per backend (a reset
#    forgets them). Errors as AWS gives them: NoSuchEntity for an unknown user or credential.
from datetime import datetime, timezone  # noqa: E402

from moto.core.responses import ActionResult, EmptyResult  # noqa: E402
from moto.iam.exceptions import NoSuchEntity  # noqa: E402
from moto.iam.utils import random_alphanumeric, random_resource_id  # noqa: E402


def _service_credentials(backend, user_name):  # type: ignore[no-untyped-def]
    backend.get_user(user_name)  # NoSuchEntity for an unknown user
    if not hasattr(backend, "_mvsp_service_credentials"):
        backend._mvsp_service_credentials = {}
    return backend._mvsp_service_credentials.setdefault(user_name, [])


def _create_service_specific_credential(self):  # type: ignore[no-untyped-def]
    user_name = self._get_param("UserName")
    service = self._get_param("ServiceName")
    creds = _service_credentials(self.backend, user_name)
    cred = {
        "UserName": user_name,
        "ServiceName": service,
        "ServiceUserName": f"{user_name}-at-{self.current_account}",
        "ServiceSpecificCredentialId": "ACCA" + random_resource_id(17).upper(),
        "Status": "Active",
        "CreateDate": datetime.now(timezone.utc),
    }
    creds.append(cred)
    return ActionResult({"ServiceSpecificCredential": {**cred, "ServicePassword": random_alphanumeric(40)}})


def _list_service_specific_credentials(self):  # type: ignore[no-untyped-def]
    user_name = self._get_param("UserName")
    service = self._get_param("ServiceName")
    creds = [c for c in _service_credentials(self.backend, user_name) if not service or c["ServiceName"] == service]
    return ActionResult({"ServiceSpecificCredentials": [dict(c) for c in creds], "IsTruncated": False})


def _update_service_specific_credential(self):  # type: ignore[no-untyped-def]
    user_name = self._get_param("UserName")
    cred_id = self._get_param("ServiceSpecificCredentialId")
    status = self._get_param("Status")
    for c in _service_credentials(self.backend, user_name):
        if c["ServiceSpecificCredentialId"] == cred_id:
            c["Status"] = status
            return EmptyResult()
    raise NoSuchEntity(f"No such credential {cred_id} exists")


IamResponse.create_service_specific_credential = _create_service_specific_credential
IamResponse.list_service_specific_credentials = _list_service_specific_credentials
IamResponse.update_service_specific_credential = _update_service_specific_credential

# 5. GetCredentialReport's GeneratedTime: moto answers a constant 2015-02-02T20:02:02Z, while
#    AWS answers when the report was generated. moto builds the report's content at each
#    GetCredentialReport, so the time is now (UTC, whole seconds, as AWS gives it); a report
#    "generated" eleven years ago would be one AWS kept serving, which verify reads around.
_get_credential_report = IamResponse.get_credential_report


def _get_credential_report_now(self):  # type: ignore[no-untyped-def]
    result = _get_credential_report(self)
    result.result["GeneratedTime"] = datetime.now(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    return result


IamResponse.get_credential_report = _get_credential_report_now

_bucket = ACTION_MAP["BUCKET"]
_bucket["HEAD"]["DEFAULT"] = "ListBucket"
_bucket["GET"].update(
    {
        "publicAccessBlock": "GetBucketPublicAccessBlock",
        "encryption": "GetEncryptionConfiguration",
        "ownershipControls": "GetBucketOwnershipControls",
    }
)
_bucket["PUT"].update(
    {
        "publicAccessBlock": "PutBucketPublicAccessBlock",
        "encryption": "PutEncryptionConfiguration",
        "ownershipControls": "PutBucketOwnershipControls",
    }
)


def _watch_owner(pid):
    while True:
        time.sleep(1)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:
            pass


_MOTO_MODULES = tuple(backends.list_of_moto_modules())
backends.list_of_moto_modules = lambda: _MOTO_MODULES
logging.getLogger("werkzeug").setLevel(logging.WARNING)

_owner = os.environ.get("MVSP_MOTO_OWNER_PID")
if _owner:
    threading.Thread(target=_watch_owner, args=(int(_owner),), daemon=True).start()

if __name__ == "__main__":
    sys.argv[0] = "moto_server"
    sys.exit(main())

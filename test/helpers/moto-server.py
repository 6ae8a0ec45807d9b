# moto's server, closer to how AWS authorises calls under IAM enforcement:
# - moto checks every CloudTrail call against the resource "*", so a policy scoped to a
#   trail ARN would be refused; here each call is checked against the trail it names
#   (Service Authorization Reference: CloudTrail's "trail" resource type);
# - moto names some S3 bucket calls after the API instead of the IAM action (HeadBucket),
#   or does not know them (encryption, ownershipControls); here they carry the IAM action
#   AWS checks (Service Authorization Reference: Amazon S3 actions).
import sys

from moto.cloudtrail.responses import CloudTrailResponse
from moto.s3.responses import ACTION_MAP
from moto.server import main


def _trail_resource(self):  # type: ignore[no-untyped-def]
    for param in ("Name", "TrailName", "ResourceId"):
        value = self._get_param(param)
        if isinstance(value, str) and value:
            if value.startswith("arn:"):
                return value
            return f"arn:aws:cloudtrail:{self.region}:{self.current_account}:trail/{value}"
    return "*"


CloudTrailResponse._determine_resource = _trail_resource

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

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

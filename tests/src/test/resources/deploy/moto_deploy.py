"""Deploys checkout-lake's CloudFormation templates into a moto server and reports what exists.

moto's CloudFormation creates only the resource types it implements and skips the others
silently (the stack still reaches CREATE_COMPLETE). So after each stack this script lists what
moto really created, checks those resources through their own APIs, and applies every skipped
resource it can through its service API instead, with the same properties after resolving the
intrinsic functions: boto3 validates them against the service model and moto stores them.

Usage: python3 moto_deploy.py --endpoint http://127.0.0.1:PORT --repo-root DIR --report FILE
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_DEFAULT_REGION must be set, e.g. to testing).
Exits 0 when every stack reached CREATE_COMPLETE and every check passed; the JSON report says
per stack which resources moto created, which were applied through APIs and which were neither.
"""

import argparse
import json
import os
import sys
import time

import boto3
from cfnlint.decode import decode

ACCOUNT = "123456789012"  # moto's default account
NO_VALUE = object()


class Stack:
    def __init__(self, name, template_path, parameters):
        self.name = name
        self.template_path = template_path
        template, matches = decode(template_path)
        if matches:
            raise SystemExit(f"cannot parse {template_path}: {matches}")
        self.template = template
        self.parameters = dict(parameters)
        for key, spec in template.get("Parameters", {}).items():
            if key not in self.parameters and "Default" in spec:
                self.parameters[key] = str(spec["Default"])
        self.physical_ids = {}
        self.attributes = {}
        self.report = {"status": None, "created": [], "applied_by_api": [], "not_applied": []}


class Resolver:
    """Evaluates the intrinsic functions the templates use, for one stack."""

    def __init__(self, stack, region):
        self.stack = stack
        self.pseudo = {
            "AWS::AccountId": ACCOUNT,
            "AWS::Region": region,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackName": stack.name,
        }

    def ref(self, name):
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.stack.parameters:
            return self.stack.parameters[name]
        if name in self.stack.physical_ids:
            return self.stack.physical_ids[name]
        raise KeyError(f"unresolved Ref {name}")

    def condition(self, name):
        return bool(self.resolve(self.stack.template["Conditions"][name]))

    def sub(self, text, variables):
        out, i = [], 0
        while i < len(text):
            start = text.find("${", i)
            if start < 0:
                out.append(text[i:])
                break
            out.append(text[i:start])
            end = text.index("}", start)
            name = text[start + 2 : end]
            if name.startswith("!"):
                out.append("${" + name[1:] + "}")
            elif name in variables:
                out.append(str(variables[name]))
            elif "." in name and not name.startswith("AWS::"):
                out.append(self.attribute(*name.split(".", 1)))
            else:
                out.append(str(self.ref(name)))
            i = end + 1
        return "".join(out)

    def attribute(self, logical_id, name):
        key = f"{logical_id}.{name}"
        if key not in self.stack.attributes:
            raise KeyError(f"unresolved GetAtt {key}")
        return self.stack.attributes[key]

    def resolve(self, node):
        if isinstance(node, dict):
            if len(node) == 1:
                (key, value), = node.items()
                if key == "Ref":
                    return self.ref(value)
                if key == "Fn::Sub":
                    if isinstance(value, list):
                        variables = {k: self.resolve(v) for k, v in value[1].items()}
                        return self.sub(value[0], variables)
                    return self.sub(value, {})
                if key == "Fn::GetAtt":
                    parts = value if isinstance(value, list) else value.split(".", 1)
                    return self.attribute(parts[0], parts[1])
                if key == "Fn::If":
                    chosen = value[1] if self.condition(value[0]) else value[2]
                    return self.resolve(chosen)
                if key == "Fn::Equals":
                    return self.resolve(value[0]) == self.resolve(value[1])
                if key == "Fn::Not":
                    return not self.resolve(value[0])
                if key == "Fn::And":
                    return all(self.resolve(v) for v in value)
                if key == "Fn::Or":
                    return any(self.resolve(v) for v in value)
                if key == "Fn::Select":
                    return self.resolve(value[1])[int(self.resolve(value[0]))]
                if key == "Fn::Split":
                    return self.resolve(value[1]).split(value[0])
                if key == "Fn::Join":
                    return value[0].join(str(self.resolve(v)) for v in value[1])
                if key == "Fn::FindInMap":
                    mapping = self.stack.template["Mappings"][self.resolve(value[0])]
                    return mapping[str(self.resolve(value[1]))][self.resolve(value[2])]
                if key == "Condition":
                    return self.condition(value)
            resolved = {k: self.resolve(v) for k, v in node.items()}
            return {k: v for k, v in resolved.items() if v is not NO_VALUE}
        if isinstance(node, list):
            return [v for v in (self.resolve(item) for item in node) if v is not NO_VALUE]
        return node


def coerce(value, shape):
    """CloudFormation passes Number parameters and booleans as strings; the APIs want types."""
    if shape is None:
        return value
    if shape.type_name == "structure" and isinstance(value, dict):
        return {k: coerce(v, shape.members.get(k)) for k, v in value.items()}
    if shape.type_name == "list" and isinstance(value, list):
        return [coerce(v, shape.member) for v in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return {k: coerce(v, shape.value) for k, v in value.items()}
    if shape.type_name in ("integer", "long") and isinstance(value, str):
        return int(value)
    if shape.type_name == "boolean" and isinstance(value, str):
        return value.lower() == "true"
    return value


def call(client, operation, **params):
    """Calls an API with CloudFormation-shaped params coerced to the operation's input shape."""
    model = client.meta.service_model.operation_model(
        client.meta.method_to_api_mapping[operation]
    )
    return getattr(client, operation)(**coerce(params, model.input_shape))


class Deployer:
    def __init__(self, endpoint, region):
        self.region = region
        self.clients = {}
        self.endpoint = endpoint
        self.failures = []

    def client(self, service):
        if service not in self.clients:
            self.clients[service] = boto3.client(
                service, endpoint_url=self.endpoint, region_name=self.region
            )
        return self.clients[service]

    def check(self, condition, message):
        if not condition:
            self.failures.append(message)

    def deploy(self, stack):
        cf = self.client("cloudformation")
        with open(stack.template_path, encoding="utf-8") as f:
            body = f.read()
        cf.create_stack(
            StackName=stack.name,
            TemplateBody=body,
            Parameters=[
                {"ParameterKey": k, "ParameterValue": v} for k, v in stack.parameters.items()
            ],
            Capabilities=["CAPABILITY_IAM"],
        )
        deadline = time.time() + 120
        while True:
            status = cf.describe_stacks(StackName=stack.name)["Stacks"][0]["StackStatus"]
            if not status.endswith("IN_PROGRESS") or time.time() > deadline:
                break
            time.sleep(0.5)
        stack.report["status"] = status
        self.check(status == "CREATE_COMPLETE", f"{stack.name}: {status}")
        for resource in cf.describe_stack_resources(StackName=stack.name)["StackResources"]:
            logical_id = resource.get("LogicalResourceId")
            if logical_id in stack.template["Resources"]:
                stack.physical_ids[logical_id] = resource["PhysicalResourceId"]
                stack.report["created"].append(logical_id)
        self.collect_attributes(stack)

    def collect_attributes(self, stack):
        for logical_id, physical_id in stack.physical_ids.items():
            kind = stack.template["Resources"][logical_id]["Type"]
            if kind == "AWS::S3::Bucket":
                stack.attributes[f"{logical_id}.Arn"] = f"arn:aws:s3:::{physical_id}"
            elif kind == "AWS::KMS::Key":
                # moto keeps CloudFormation's KeyPolicy as an object, and its KMS API then fails
                # on the key; PutKeyPolicy with the same policy as JSON is what AWS stores.
                policy = Resolver(stack, self.region).resolve(
                    stack.template["Resources"][logical_id]["Properties"]["KeyPolicy"]
                )
                kms = self.client("kms")
                kms.put_key_policy(KeyId=physical_id, PolicyName="default", Policy=json.dumps(policy))
                stack.report["applied_by_api"].append(f"{logical_id} key policy (PutKeyPolicy)")
                arn = kms.describe_key(KeyId=physical_id)["KeyMetadata"]["Arn"]
                stack.attributes[f"{logical_id}.Arn"] = arn
            elif kind == "AWS::IAM::Role":
                role = self.client("iam").get_role(RoleName=physical_id)["Role"]
                stack.attributes[f"{logical_id}.Arn"] = role["Arn"]
            elif kind == "AWS::Logs::LogGroup":
                stack.attributes[f"{logical_id}.Arn"] = (
                    f"arn:aws:logs:{self.region}:{ACCOUNT}:log-group:{physical_id}:*"
                )

    def verify_created(self, stack):
        """What moto says it created must exist, with the template's settings."""
        resolver = Resolver(stack, self.region)
        for logical_id in stack.report["created"]:
            resource = stack.template["Resources"][logical_id]
            kind = resource["Type"]
            props = resolver.resolve(resource.get("Properties", {}))
            physical_id = stack.physical_ids[logical_id]
            if kind == "AWS::S3::Bucket":
                rules = self.client("s3").get_bucket_encryption(Bucket=physical_id)[
                    "ServerSideEncryptionConfiguration"
                ]["Rules"]
                default = rules[0]["ApplyServerSideEncryptionByDefault"]
                self.check(default["SSEAlgorithm"] == "aws:kms", f"{logical_id}: not SSE-KMS")
            elif kind == "AWS::KMS::Key":
                rotation = self.client("kms").get_key_rotation_status(KeyId=physical_id)
                self.check(rotation["KeyRotationEnabled"], f"{logical_id}: no key rotation")
            elif kind == "AWS::IAM::Role":
                iam = self.client("iam")
                names = set(iam.list_role_policies(RoleName=physical_id)["PolicyNames"])
                expected = {p["PolicyName"] for p in props.get("Policies", [])}
                self.check(names == expected, f"{logical_id}: policies {names} != {expected}")
                for name in names:
                    document = iam.get_role_policy(RoleName=physical_id, PolicyName=name)
                    self.check(document["PolicyDocument"], f"{logical_id}/{name}: empty")
            elif kind == "AWS::IAM::InstanceProfile":
                profile = self.client("iam").get_instance_profile(
                    InstanceProfileName=physical_id
                )["InstanceProfile"]
                self.check(len(profile["Roles"]) == 1, f"{logical_id}: roles {profile['Roles']}")
            elif kind == "AWS::Logs::LogGroup":
                groups = self.client("logs").describe_log_groups(
                    logGroupNamePrefix=physical_id
                )["logGroups"]
                self.check(
                    groups and groups[0].get("retentionInDays") == int(props["RetentionInDays"]),
                    f"{logical_id}: retention {groups}",
                )

    def apply_skipped(self, stack):
        """Applies, through service APIs, the resources moto's CloudFormation skipped."""
        resolver = Resolver(stack, self.region)
        for logical_id, resource in stack.template["Resources"].items():
            if logical_id in stack.physical_ids:
                continue
            kind = resource["Type"]
            props = resolver.resolve(resource.get("Properties", {}))
            applied = self.apply(stack, logical_id, kind, props)
            stack.report["applied_by_api" if applied else "not_applied"].append(
                f"{logical_id} ({kind})"
            )
        self.apply_bucket_settings(stack, resolver)

    def apply(self, stack, logical_id, kind, props):
        if kind == "AWS::S3::BucketPolicy":
            document = json.dumps(props["PolicyDocument"])
            self.client("s3").put_bucket_policy(Bucket=props["Bucket"], Policy=document)
            stored = self.client("s3").get_bucket_policy(Bucket=props["Bucket"])["Policy"]
            self.check(json.loads(stored) == props["PolicyDocument"], f"{logical_id} differs")
            return True
        if kind == "AWS::Glue::Database":
            call(self.client("glue"), "create_database", **props)
            stack.physical_ids[logical_id] = props["DatabaseInput"]["Name"]
            return True
        if kind == "AWS::Glue::Table":
            call(self.client("glue"), "create_table", **props)
            table = self.client("glue").get_table(
                DatabaseName=props["DatabaseName"], Name=props["TableInput"]["Name"]
            )["Table"]
            expected = props["TableInput"]["StorageDescriptor"]["Columns"]
            self.check(
                [c["Name"] for c in table["StorageDescriptor"]["Columns"]]
                == [c["Name"] for c in expected],
                f"{logical_id}: stored columns differ",
            )
            return True
        if kind == "AWS::Logs::LogStream":
            self.client("logs").create_log_stream(
                logGroupName=props["LogGroupName"], logStreamName=props["LogStreamName"]
            )
            stack.physical_ids[logical_id] = props["LogStreamName"]
            return True
        if kind == "AWS::KinesisAnalyticsV2::Application":
            return self.create_application(stack, logical_id, props)
        if kind == "AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption":
            # Folded into CreateApplication (moto has no AddApplicationCloudWatchLoggingOption).
            stack.pending_logging = props["CloudWatchLoggingOption"]
            return self.create_application(stack, None, None)
        return False

    def create_application(self, stack, logical_id, props):
        if props is not None:
            stack.pending_application = (logical_id, props)
            stack.physical_ids[logical_id] = props["ApplicationName"]
        pending = getattr(stack, "pending_application", None)
        logging = getattr(stack, "pending_logging", None)
        if pending is None or logging is None:
            return True  # created once both are known
        logical_id, props = pending
        request = {k: v for k, v in props.items() if k != "RunConfiguration"}
        request["CloudWatchLoggingOptions"] = [logging]
        client = self.client("kinesisanalyticsv2")
        call(client, "create_application", **request)
        detail = client.describe_application(ApplicationName=props["ApplicationName"])[
            "ApplicationDetail"
        ]
        groups = detail["ApplicationConfigurationDescription"][
            "EnvironmentPropertyDescriptions"
        ]["PropertyGroupDescriptions"]
        expected = props["ApplicationConfiguration"]["EnvironmentProperties"]["PropertyGroups"]
        self.check(
            sorted(g["PropertyGroupId"] for g in groups)
            == sorted(g["PropertyGroupId"] for g in expected),
            "application property groups differ",
        )
        self.check(detail["RuntimeEnvironment"] == "FLINK-1_20", "runtime is not FLINK-1_20")
        return True

    def apply_bucket_settings(self, stack, resolver):
        """Bucket properties moto's CloudFormation ignores (it applies only the encryption)."""
        s3 = self.client("s3")
        for logical_id, resource in stack.template["Resources"].items():
            if resource["Type"] != "AWS::S3::Bucket" or logical_id not in stack.physical_ids:
                continue
            bucket = stack.physical_ids[logical_id]
            props = resolver.resolve(resource["Properties"])
            if "VersioningConfiguration" in props:
                s3.put_bucket_versioning(
                    Bucket=bucket,
                    VersioningConfiguration={"Status": props["VersioningConfiguration"]["Status"]},
                )
            if "PublicAccessBlockConfiguration" in props:
                s3.put_public_access_block(
                    Bucket=bucket,
                    PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"],
                )
            if "OwnershipControls" in props:
                s3.put_bucket_ownership_controls(
                    Bucket=bucket, OwnershipControls=props["OwnershipControls"]
                )
            if "LifecycleConfiguration" in props:
                rules = [lifecycle_rule(r) for r in props["LifecycleConfiguration"]["Rules"]]
                call(
                    s3,
                    "put_bucket_lifecycle_configuration",
                    Bucket=bucket,
                    LifecycleConfiguration={"Rules": rules},
                )
                stored = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
                self.check(len(stored) == len(rules), f"{logical_id}: lifecycle rules differ")
            stack.report["applied_by_api"].append(
                f"{logical_id} versioning, public access block, ownership, lifecycle"
            )


def lifecycle_rule(rule):
    """A CloudFormation lifecycle rule in the S3 API's shape."""
    api = {"ID": rule["Id"], "Status": rule["Status"], "Filter": {"Prefix": rule.get("Prefix", "")}}
    if "AbortIncompleteMultipartUpload" in rule:
        api["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
    if "ExpirationInDays" in rule:
        api["Expiration"] = {"Days": rule["ExpirationInDays"]}
    if "NoncurrentVersionExpiration" in rule:
        api["NoncurrentVersionExpiration"] = {
            "NoncurrentDays": rule["NoncurrentVersionExpiration"]["NoncurrentDays"]
        }
    return api


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--repo-root", required=True)
    parser.add_argument("--report", required=True)
    args = parser.parse_args()
    region = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
    deploy = os.path.join(args.repo_root, "deploy")
    deployer = Deployer(args.endpoint, region)

    storage = Stack(
        "checkout-lake-storage",
        os.path.join(deploy, "storage", "lake-storage.yaml"),
        {"SavepointRetentionDays": "7"},
    )
    stacks = [storage]
    deployer.deploy(storage)
    deployer.apply_skipped(storage)
    deployer.verify_created(storage)
    lake_bucket = storage.physical_ids["LakeBucket"]
    lake_key_arn = storage.attributes["LakeKey.Arn"]

    common = {
        "LakeBucketName": lake_bucket,
        "LakeKeyArn": lake_key_arn,
        "RawBucketName": "raw-orders",
        "RawPrefix": "checkout/raw",
        # Every conditional statement too: moto's IAM validates each policy document.
        "RawKmsKeyArn": f"arn:aws:kms:{region}:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555",
        "KinesisStreamArn": f"arn:aws:kinesis:{region}:{ACCOUNT}:stream/orders",
        "GlueDatabaseName": "checkout_lake",
    }
    later = [
        Stack(
            "checkout-lake-catalog",
            os.path.join(deploy, "catalog", "glue-catalog.yaml"),
            {"LakeBucketName": lake_bucket},
        ),
        Stack(
            "checkout-lake-managed-flink",
            os.path.join(deploy, "managed-flink", "application.yaml"),
            dict(common, SourceKind="kinesis", CodeKey="artifacts/checkout-lake-cluster-0.jar"),
        ),
        Stack(
            "checkout-lake-emr-roles",
            os.path.join(deploy, "emr", "emr-roles.yaml"),
            common,
        ),
    ]
    for stack in later:
        stacks.append(stack)
        deployer.deploy(stack)
        deployer.apply_skipped(stack)
        deployer.verify_created(stack)

    report = {
        "stacks": {s.name: s.report for s in stacks},
        "failures": deployer.failures,
    }
    with open(args.report, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report, indent=2))
    return 1 if deployer.failures else 0


if __name__ == "__main__":
    sys.exit(main())

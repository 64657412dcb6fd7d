package dev.berth.platform.edge;

import dev.berth.platform.policy.PolicyGate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.Stack;
import software.constructs.Construct;

/**
 * The id of CloudFront's origin-facing managed prefix list in the stack's region: the only addresses a load balancer
 * behind CloudFront needs to admit. AWS names the list the same everywhere but gives it another id in each region,
 * and CloudFormation has no lookup for it: the stack asks EC2 at deploy time.
 */
public final class CloudFrontPrefixList extends Construct {

    /** AWS's name for the list of CloudFront's addresses that connect to origins. */
    public static final String NAME = "com.amazonaws.global.cloudfront.origin-facing";

    /** The construct id the CDK gives its function for {@link AwsCustomResource}s, a singleton of the stack. */
    private static final String PROVIDER_ID = "AWS679f53fac002430cb0da5b7982bd2287";

    private final String prefixListId;

    public CloudFrontPrefixList(Construct scope, String id) {
        super(scope, id);
        AwsSdkCall describe = AwsSdkCall.builder()
                .service("EC2")
                .action("describeManagedPrefixLists")
                .parameters(Map.of("Filters", List.of(new TreeMap<>(Map.of("Name", "prefix-list-name", "Values", List.of(NAME))))))
                .physicalResourceId(PhysicalResourceId.of(NAME))
                .outputPaths(List.of("PrefixLists.0.PrefixListId"))
                .build();
        AwsCustomResource lookup = AwsCustomResource.Builder.create(this, "Lookup")
                .onCreate(describe)
                .onUpdate(describe)
                .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder()
                        .resources(AwsCustomResourcePolicy.ANY_RESOURCE)
                        .build()))
                .installLatestAwsSdk(false)
                .build();
        this.prefixListId = lookup.getResponseField("PrefixLists.0.PrefixListId");
        PolicyGate.acknowledge(lookup, "AwsSolutions-IAM5[Resource::*]", "ec2:DescribeManagedPrefixLists has no"
                + " resource-level permissions; the lookup reads one list's id and changes nothing.");
        // The function that makes the call is the CDK's, one per stack.
        Construct provider = (Construct) Stack.of(this).getNode().findChild(PROVIDER_ID);
        PolicyGate.acknowledge(provider, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                + "AWSLambdaBasicExecutionRole]", "The CDK's function for SDK calls at deploy time writes its own logs, which is"
                + " all AWS's basic execution policy allows.");
    }

    public String getPrefixListId() {
        return prefixListId;
    }
}

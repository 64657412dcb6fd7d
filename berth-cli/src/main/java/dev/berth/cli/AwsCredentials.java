package dev.berth.cli;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;

/** Whether AWS credentials can be found the way the CDK CLI will look for them. */
final class AwsCredentials {

    private AwsCredentials() {
    }

    /**
     * Looks through environment variables, profiles (including SSO and web identity) and container credentials.
     * The EC2 instance metadata endpoint is skipped unless {@code AWS_EC2_METADATA_DISABLED=false} is set: off EC2
     * a probe of it only waits for a timeout.
     */
    static void require() {
        if (!"false".equalsIgnoreCase(System.getenv(SdkSystemSetting.AWS_EC2_METADATA_DISABLED.environmentVariable()))) {
            System.setProperty(SdkSystemSetting.AWS_EC2_METADATA_DISABLED.property(), "true");
        }
        try (DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build()) {
            provider.resolveCredentials();
        } catch (RuntimeException e) {
            throw new UsageFailure("berth: no AWS credentials found: set AWS_PROFILE (or run aws sso login), or"
                    + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run the command again");
        }
    }
}

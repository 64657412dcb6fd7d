package dev.berth.cli;

import dev.berth.model.Naming;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

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

    /**
     * As {@link #require}, and when berth.yaml names the environment's account, that the credentials are of it. The CDK
     * CLI checks this itself; a command that calls AWS through the SDK would otherwise find nothing where the
     * environment is, and report it not deployed, or act on another account's resource of the same name.
     */
    static void requireAccount(Naming naming) {
        require();
        if (naming.account() == null) {
            return;
        }
        String account;
        try (StsClient sts = StsClient.builder().region(Region.of(naming.region())).build()) {
            account = sts.getCallerIdentity().account();
        }
        if (!account.equals(naming.account())) {
            throw new UsageFailure("berth: the AWS credentials are of account " + account + "; berth.yaml puts "
                    + naming.environment() + " in account " + naming.account());
        }
    }
}

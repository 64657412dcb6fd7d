package dev.berth.config;

/**
 * One deployment target (dev, prod, ...), with its profile's defaults already applied.
 *
 * @param name environment name, part of every stack name
 * @param profile the profile whose defaults filled what the file left out
 * @param account AWS account id, or null for the account of the credentials in use
 * @param compute capacity-provider mix
 * @param nat NAT gateway mode
 * @param azs number of availability zones (2 or 3)
 * @param availabilityZones the AZ names to use, or empty for the region's first ones by letter
 * @param cidr the VPC's IPv4 CIDR
 * @param allowHttp whether plain HTTP on port 80 is served (only without a certificate)
 * @param domain the site's domain name, or null
 * @param certificateArn ACM certificate for the domain, or null to have one issued (DNS validation)
 * @param interfaceEndpoints whether ECR, Logs, Secrets Manager, SSM and KMS interface endpoints exist
 * @param multiAz whether the database has a standby in a second AZ
 * @param backupRetentionDays days of automated database backups
 * @param deletionProtection whether the database refuses deletion
 * @param logRetentionDays days CloudWatch keeps logs
 * @param database the database, with environment overrides applied
 */
public record Environment(
        String name,
        Profile profile,
        String account,
        ComputeStrategy compute,
        NatMode nat,
        int azs,
        java.util.List<String> availabilityZones,
        String cidr,
        boolean allowHttp,
        String domain,
        String certificateArn,
        boolean interfaceEndpoints,
        boolean multiAz,
        int backupRetentionDays,
        boolean deletionProtection,
        int logRetentionDays,
        DatabaseSpec database) {

    public Environment {
        availabilityZones = java.util.List.copyOf(availabilityZones);
    }

    public boolean servesHttps() {
        return domain != null;
    }
}

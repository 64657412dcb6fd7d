package dev.berth.model;

/**
 * The environment's PostgreSQL.
 *
 * @param postgresMajor PostgreSQL major version
 * @param instanceClass RDS instance class, e.g. {@code db.t4g.micro}
 * @param storage allocated storage and its autoscaling ceiling
 * @param multiAz whether a standby runs in a second AZ
 * @param backupRetentionDays days of automated backups
 * @param readReplicas read replicas, each in another zone than the one before
 */
public record DatabaseModel(int postgresMajor, String instanceClass, Storage storage, boolean multiAz,
        int backupRetentionDays, int readReplicas) implements ModelPart {

    /**
     * @param allocatedGb storage at creation
     * @param maxGb ceiling for storage autoscaling
     */
    public record Storage(int allocatedGb, int maxGb) {
    }

    /** The instance class without its {@code db.} prefix, as EC2 names instance types. */
    public String instanceType() {
        return instanceClass.substring("db.".length());
    }
}

package dev.berth.config;

/**
 * The PostgreSQL database of a deployment.
 *
 * @param postgresMajor PostgreSQL major version
 * @param instanceClass RDS instance class, e.g. {@code db.t4g.micro}
 * @param storageGb allocated storage
 * @param maxStorageGb ceiling for storage autoscaling
 */
public record DatabaseSpec(int postgresMajor, String instanceClass, int storageGb, int maxStorageGb) {

    /** The instance class without its {@code db.} prefix, as EC2 names instance types. */
    public String instanceType() {
        return instanceClass.substring("db.".length());
    }
}

package dev.berth.config;

/** The mappings of berth.yaml whose keys sections own. */
public enum Scope {
    /** The top of the file. */
    FILE("", "at the top of the file"),
    /** Each environment under {@code environments}. */
    ENVIRONMENT("environments.NAME", "in an environment (environments.NAME)");

    private final String path;
    private final String where;

    Scope(String path, String where) {
        this.path = path;
        this.where = where;
    }

    /** The path of its keys in the reference, e.g. {@code environments.NAME}. */
    public String path() {
        return path;
    }

    /** Where its keys go, for a person: "in an environment (environments.NAME)". */
    public String where() {
        return where;
    }
}

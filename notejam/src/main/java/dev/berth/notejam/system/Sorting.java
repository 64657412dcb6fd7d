package dev.berth.notejam.system;

/** The note orders of the specification: {@code ?order=name|-name|updated_at|-updated_at}. */
public enum Sorting {
    NAME_ASC("name", "n.name ASC, n.id ASC"),
    NAME_DESC("-name", "n.name DESC, n.id DESC"),
    UPDATED_ASC("updated_at", "n.updated_at ASC, n.id ASC"),
    UPDATED_DESC("-updated_at", "n.updated_at DESC, n.id DESC");

    private final String parameter;
    private final String orderBy;

    Sorting(String parameter, String orderBy) {
        this.parameter = parameter;
        this.orderBy = orderBy;
    }

    /** The order of the {@code order} parameter; newest first when absent or unknown. */
    public static Sorting fromParameter(String value) {
        for (Sorting sorting : values()) {
            if (sorting.parameter.equals(value)) {
                return sorting;
            }
        }
        return UPDATED_DESC;
    }

    public String parameter() {
        return parameter;
    }

    /** SQL ORDER BY text: one of four constants, never built from input. */
    public String orderBy() {
        return orderBy;
    }
}

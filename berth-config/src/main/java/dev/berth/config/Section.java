package dev.berth.config;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.ModelPart;
import java.util.List;
import java.util.Optional;

/**
 * One section of berth.yaml: the keys it owns, their checks and defaults, and the part of the environment
 * model it makes. A new section is a new implementation added to {@link Sections}; no other section changes.
 */
interface Section {

    /** The keys it owns in a scope, in the order the reference lists them. */
    List<Key> keys(Scope scope);

    /** Reads and checks what it owns at the top of the file, once. */
    default void readFile(FileReading file) {
    }

    /** Its part of one environment's model, or empty when the environment has none (or it is invalid). */
    Optional<? extends ModelPart> read(EnvironmentReading environment);

    /** Checks that span environments, once all are read. */
    default void checkAcross(List<EnvironmentModel> environments, FileReading file) {
    }
}

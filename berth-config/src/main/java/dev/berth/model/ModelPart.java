package dev.berth.model;

/** One section's share of an {@link EnvironmentModel}, found by its type. */
public interface ModelPart {
}

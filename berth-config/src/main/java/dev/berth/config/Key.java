package dev.berth.config;

import java.util.List;

/**
 * One key of berth.yaml, declared once: its name, the values it takes, its default and what it means. Readers
 * read keys by these declarations, unknown-key messages list them, and the key reference in docs/berth-yaml.md
 * is generated from them.
 *
 * @param name the key as written in the file
 * @param type the values it takes, as a person reads them
 * @param defaultValue the default as documented, or {@code @ADDRESS} when it is data in defaults.yaml, e.g.
 *     {@code @service.port}, {@code @profiles.nat} (one value per profile)
 * @param meaning one line on what it does
 * @param childPath how its children's paths continue: {@code ""} under a mapping, {@code "[]"} under a list of
 *     mappings, {@code ".NAME"} under a mapping of named mappings
 * @param children the keys of the mapping(s) it holds
 */
public record Key(String name, String type, String defaultValue, String meaning, String childPath, List<Key> children) {

    public Key {
        children = List.copyOf(children);
    }

    public static Key of(String name, String type, String defaultValue, String meaning) {
        return new Key(name, type, defaultValue, meaning, "", List.of());
    }

    /** A key whose default is data in defaults.yaml at {@code address}, e.g. {@code service.port}. */
    public static Key defaulted(String name, String type, String address, String meaning) {
        return new Key(name, type, "@" + address, meaning, "", List.of());
    }

    /** This key holding a mapping of these keys. */
    public Key holding(Key... keys) {
        return new Key(name, type, defaultValue, meaning, "", List.of(keys));
    }

    /** This key holding a list of mappings of these keys. */
    public Key listOf(Key... keys) {
        return new Key(name, type, defaultValue, meaning, "[]", List.of(keys));
    }

    /** This key holding mappings of these keys under names the user chooses, {@code placeholder} in the docs. */
    public Key named(String placeholder, Key... keys) {
        return new Key(name, type, defaultValue, meaning, "." + placeholder, List.of(keys));
    }

    public List<String> childNames() {
        return children.stream().map(Key::name).toList();
    }

    static List<String> names(List<Key> keys) {
        return keys.stream().map(Key::name).toList();
    }
}

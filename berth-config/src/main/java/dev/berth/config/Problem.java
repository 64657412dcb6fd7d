package dev.berth.config;

/**
 * One thing wrong with a berth.yaml, located precisely enough to fix without searching.
 *
 * @param file the file as the user named it
 * @param line 1-based line of the offending node (0 when the problem concerns the whole file)
 * @param path dotted path of the field, e.g. {@code environments.prod.nat}
 * @param message what was expected and what was found
 */
public record Problem(String file, int line, String path, String message) {

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        return path.isEmpty() ? where + ": " + message : where + ": " + path + ": " + message;
    }
}

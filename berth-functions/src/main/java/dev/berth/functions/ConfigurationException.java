package dev.berth.functions;

/** A function's environment variables are missing or malformed; the message names the variable. */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String variable, String problem) {
        super(variable + ": " + problem);
    }
}

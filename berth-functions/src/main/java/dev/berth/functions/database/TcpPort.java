package dev.berth.functions.database;

/** A TCP port given as text, as CloudFormation passes every property and secrets may hold it. */
final class TcpPort {

    private TcpPort() {}

    /** The port; {@code what} names where it was read in a refusal. */
    static int parse(String text, String what) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new IllegalArgumentException(what + ": port " + text + " is no TCP port (1-65535)");
    }
}

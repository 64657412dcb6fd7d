package dev.berth.cli.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports for the local run's servers: any free one, or a check that a chosen one is free. */
public final class FreePort {

    private FreePort() {
    }

    /** A port nothing listens on now (the system's choice). */
    public static int any() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on this machine", e);
        }
    }

    /** Whether a server can listen on the port on every address, as the entry point will. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /** Whether {@code address} is one of this machine's own, so that a server may listen on it. */
    static boolean isLocalAddress(String address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address, 0));
            return true;
        } catch (IOException notHere) {
            return false;
        }
    }
}

package io.pgairbytesync.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy between the service and the test PostgreSQL that can turn into a black hole: {@link #blackHole()} keeps
 * every socket open (and still accepts new ones) but relays nothing from then on, in either direction, whatever was
 * half sent; {@link #blackHoleWhenClientSends} does so from the moment a statement containing a text is sent (which
 * is swallowed: its session waits for an answer in the middle of the statement); {@link #blackHoleOpenSessions()}
 * only for the sessions open now (new ones are relayed: the old primary gone, the new one reachable); {@link #resume()}
 * relays again. That is what a session sees during an RDS Multi-AZ failover or on a
 * network path that drops packets: no error, no reset, no answer, so only a timeout of its own can end the wait.
 * Plain sockets, two threads per connection; the bytes that arrive during the black hole are dropped (the sessions
 * they belong to are broken anyway, and their clients close them).
 */
public final class BlackHoleProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Socket> frozen = new CopyOnWriteArrayList<>();
    private volatile boolean blackHoled;
    private volatile byte[] marker;

    /** A proxy to the host and port of {@code jdbcUrl} ({@code jdbc:postgresql://host:port/db}), listening on a free port. */
    public BlackHoleProxy(String jdbcUrl) throws IOException {
        URI target = URI.create(jdbcUrl.substring("jdbc:".length()));
        this.targetHost = target.getHost();
        this.targetPort = target.getPort();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "black-hole-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code jdbcUrl} through this proxy: same database and parameters, the proxy's address. */
    public String url(String jdbcUrl) {
        return jdbcUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + server.getLocalPort() + "/");
    }

    /** Relay nothing from now on; sockets stay open. */
    public void blackHole() {
        blackHoled = true;
    }

    /** Relay as usual until a client sends bytes containing {@code text} (a statement): from then on, relay nothing. */
    public void blackHoleWhenClientSends(String text) {
        marker = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Relay nothing on the sessions open now, whatever comes later; new sessions are relayed. */
    public void blackHoleOpenSessions() {
        frozen.addAll(sockets);
    }

    /** Relay again (sessions black-holed alone stay so). */
    public void resume() {
        marker = null;
        blackHoled = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                // closed, or the target refused: the client sees its socket closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    byte[] armed = marker;
                    if (fromClient && armed != null && contains(buffer, n, armed)) {
                        blackHoled = true;
                    }
                    if (!blackHoled && !frozen.contains(from)) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
                frozen.remove(from);
                frozen.remove(to);
            }
        }, "black-hole-proxy-" + (fromClient ? "up" : "down"));
        t.setDaemon(true);
        t.start();
    }

    private static boolean contains(byte[] buffer, int length, byte[] text) {
        outer:
        for (int i = 0; i + text.length <= length; i++) {
            for (int j = 0; j < text.length; j++) {
                if (buffer[i + j] != text[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        closeQuietly(server);
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}

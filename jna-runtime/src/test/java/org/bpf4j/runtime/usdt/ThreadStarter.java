package org.bpf4j.runtime.usdt;

import java.io.IOException;

/**
 * A child JVM for the HotSpot probe test: prints "ready" (libjvm.so is mapped by then), and after
 * a line on stdin starts one daemon thread and prints its id.
 */
public final class ThreadStarter {
    public static final String NAME = "bpf4j-usdt-thread";

    private ThreadStarter() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        System.out.println("ready");
        System.in.read();
        Thread t = new Thread(() -> {}, NAME);
        t.setDaemon(true);
        t.start();
        t.join();
        System.out.println(t.getId());
    }
}

package org.bpf4j.it.jvm;

import java.io.IOException;

/**
 * The traced child JVM: says "ready", waits for a line, then calls {@code System.gc()} the given
 * number of times, runs {@link #hotLoop} until the JIT compiles it, loads {@link LoadedOnPurpose},
 * starts and joins {@link #THREADS} threads named {@link #THREAD_NAME} and a number, and says
 * "done" before it exits. It allocates little, so that no collection happens but those.
 */
public final class JvmWorkload {
    static final int THREADS = 3;
    static final String THREAD_NAME = "bpf4j-workload-";

    /** Loaded only when the workload runs. */
    static final class LoadedOnPurpose {
        static int answer() {
            return 42;
        }
    }

    public static void main(String[] args) throws IOException, ClassNotFoundException, InterruptedException {
        int gcs = Integer.parseInt(args[0]);
        System.out.println("ready");
        System.out.flush();
        System.in.read();
        for (int i = 0; i < gcs; i++) {
            System.gc();
        }
        long sum = 0;
        for (int i = 0; i < 200_000; i++) {
            sum += hotLoop(i);
        }
        Class<?> loaded = Class.forName(JvmWorkload.class.getName() + "$LoadedOnPurpose");
        Thread[] threads = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            threads[i] = new Thread(() -> {}, THREAD_NAME + i);
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("done " + sum + " " + loaded.getSimpleName());
    }

    /** Called often enough that C1 and then C2 compile it. */
    static long hotLoop(int n) {
        long x = n;
        for (int i = 0; i < 100; i++) {
            x = x * 31 + i;
        }
        return x;
    }

    private JvmWorkload() {}
}

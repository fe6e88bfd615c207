package org.bpf4j.runtime.attach;

import static org.bpf4j.object.isa.Insn.exit;
import static org.bpf4j.object.isa.Insn.mov64Imm;
import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.sys.Fd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Links closed while other threads use them. The link's descriptors are held for each call like
 * every descriptor the runtime owns, so a call racing close gives the link's own answer or an
 * {@link IllegalStateException}: never EBADF, and never the answer of another object that was
 * given the freed descriptor number meanwhile (a squatter thread keeps taking fresh numbers).
 */
@KernelTest
class LinkCloseRaceTest {
    private static final int ROUNDS = 100, USERS = 2;

    private Squatter squatter;

    @BeforeEach
    void startSquatter() {
        squatter = new Squatter();
    }

    @AfterEach
    void stopSquatter() {
        squatter.close();
    }

    @Test
    void linkInfoRacingCloseGivesTheLinksIdsOrIllegalState() throws Exception {
        try (LoadedProgram prog = load("t_lcr_raw", RAW_TRACEPOINT, List.of(mov64Imm(0, 0), exit()))) {
            int programId = prog.info().id();
            for (int round = 0; round < ROUNDS; round++) {
                Link link = Attach.rawTracepoint(prog, "sys_enter");
                int linkId = link.id();
                race(round, link, () -> {
                    assertEquals(linkId, link.id());
                    assertEquals(programId, link.programId());
                    link.fd().use(n -> assertTrue(n >= 0));
                });
            }
        }
    }

    @Test
    void legacyAttachmentClosedByManyThreadsDetachesOnceAndKeepsNoDescriptor() throws Exception {
        try (LoadedProgram prog = load("t_lcr_tp", TRACEPOINT, List.of(mov64Imm(0, 0), exit()))) {
            for (int round = 0; round < ROUNDS / 4; round++) {
                Fd event = PerfEventAttach.tracepointEvent("syscalls", "sys_enter_getpid", "t_lcr event");
                Link link = PerfEventAttach.viaIoctl(prog, event, "t_lcr ioctl");
                assertFalse(link.isBpfLink());
                race(round, link, () -> {
                    link.close(); // every thread closes: one detaches, the others return at once
                    throw new IllegalStateException("closed");
                });
                assertFalse(event.isOpen(), "the perf event is closed with the link");
            }
        }
    }

    /** USERS threads repeat {@code use} until it throws IllegalStateException while this thread closes {@code link}. */
    private static void race(int round, Link link, Runnable use) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(USERS);
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        List<Thread> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            Thread user = new Thread(() -> {
                started.countDown();
                try {
                    while (true) use.run();
                } catch (IllegalStateException closed) {
                    // the outcome once closed
                } catch (Throwable t) {
                    unexpected.compareAndSet(null, t);
                }
            });
            user.start();
            users.add(user);
        }
        started.await();
        link.close();
        for (Thread user : users) user.join(10_000);
        if (unexpected.get() != null) throw new AssertionError("round " + round + ": " + unexpected.get(), unexpected.get());
        assertFalse(link.isOpen());
    }

    /** Creates and closes small maps as fast as it can, taking every freed descriptor number. */
    private static final class Squatter {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger maps = new AtomicInteger();
        private final Thread thread = new Thread(this::run, "squatter");

        Squatter() {
            thread.start();
        }

        private void run() {
            while (!stop.get()) {
                KernelMap.create("t_lcr_squat", MapKind.ARRAY, 4, 4, 1, 0).close();
                maps.incrementAndGet();
            }
        }

        void close() {
            stop.set(true);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertTrue(maps.get() > 0, "the squatter ran");
        }
    }
}

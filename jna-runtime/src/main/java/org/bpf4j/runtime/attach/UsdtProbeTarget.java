package org.bpf4j.runtime.attach;

import java.nio.file.Path;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.sys.Errno;
import org.bpf4j.runtime.usdt.UsdtTargets;

/**
 * A USDT probe named as a program's target: {@code binary:provider:name}. The binary is a path,
 * or a file name looked up in the traced process's mapped files (for one pid; how a
 * {@code libjvm.so} of another JVM is found), as this JVM's {@code libjvm.so}, or in the library
 * directories as uprobe targets are.
 */
public record UsdtProbeTarget(String binary, String provider, String name) {
    /** Parses {@code binary:provider:name}; the binary may itself contain colons. */
    public static UsdtProbeTarget parse(String target) {
        int nameColon = target.lastIndexOf(':');
        int providerColon = nameColon <= 0 ? -1 : target.lastIndexOf(':', nameColon - 1);
        if (providerColon <= 0 || nameColon == providerColon + 1 || nameColon == target.length() - 1) {
            throw new IllegalArgumentException("USDT target '" + target + "' must be binary:provider:name, e.g."
                    + " libjvm.so:hotspot:gc__begin or /usr/bin/python3:python:function__entry");
        }
        return new UsdtProbeTarget(target.substring(0, providerColon), target.substring(providerColon + 1, nameColon),
                target.substring(nameColon + 1));
    }

    /** The binary's file, as the process {@code pid} (or any process, {@code pid < 0}) maps it. */
    public Path resolve(long pid) {
        if (binary.contains("/")) {
            return Path.of(binary);
        }
        if (pid >= 0) {
            return UsdtTargets.mappedElfFiles(pid).stream().filter(p -> p.getFileName().toString().equals(binary))
                    .findFirst().orElseThrow(() -> new BpfNotFoundException("process " + pid + " maps no " + binary
                            + " (for USDT probe " + provider + ":" + name + ")", Errno.ENOENT));
        }
        return binary.equals("libjvm.so") ? UsdtTargets.libjvm() : UprobeTarget.resolveBinary(binary);
    }

    @Override
    public String toString() {
        return binary + ":" + provider + ":" + name;
    }
}

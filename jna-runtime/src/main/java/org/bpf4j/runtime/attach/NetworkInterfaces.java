package org.bpf4j.runtime.attach;

import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.sys.Errno;
import org.bpf4j.runtime.sys.LibC;

/** Interface names to indexes, in the network namespace of the calling thread. */
final class NetworkInterfaces {
    private NetworkInterfaces() {}

    static int indexOf(String ifname) {
        if (ifname == null || ifname.isEmpty()) throw new IllegalArgumentException("no network interface name given");
        int index = LibC.if_nametoindex(ifname);
        if (index == 0) {
            throw new BpfNotFoundException("network interface '" + ifname + "' does not exist in this network"
                    + " namespace (see `ip link`)", Errno.ENODEV);
        }
        return index;
    }
}

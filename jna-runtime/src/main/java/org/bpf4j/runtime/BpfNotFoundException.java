package org.bpf4j.runtime;

/** The named kernel object, pinned path, map element or id does not exist (ENOENT). */
public class BpfNotFoundException extends BpfException {
    public BpfNotFoundException(String message, int errno) {
        super(message, errno);
    }
}

package org.bpf4j.runtime;

/** The kernel refused for lack of privilege (EPERM, EACCES outside the verifier). */
public class BpfPermissionException extends BpfException {
    public BpfPermissionException(String message, int errno) {
        super(message, errno);
    }
}

package org.bpf4j.object.elf;

/** One entry of a note section: its owner ("GNU", "stapsdt"), type and descriptor bytes. */
public record ElfNote(String owner, int type, byte[] descriptor) {}

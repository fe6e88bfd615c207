/**
 * Testing program classes: {@link org.bpf4j.junit.programs.ProgramsOnJvm} runs their methods on
 * the JVM with fresh maps for each test, with no root and no kernel; {@link
 * org.bpf4j.junit.programs.Agreement} runs a program on the JVM and in the kernel and asserts that
 * both agree.
 */
package org.bpf4j.junit.programs;

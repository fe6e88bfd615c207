package org.bpf4j.samples.jvm;

/**
 * What {@link JvmEvents} hands a service about its own JVM: the records of the JVM tools,
 * one type per kind of event, so that a {@code switch} over them is checked for completeness.
 */
public sealed interface JvmEvent
        permits GcPausesTool.Pause, ClassLoadsTool.Load, ThreadLifecycleTool.Change, JitCompilationsTool.Compilation {}

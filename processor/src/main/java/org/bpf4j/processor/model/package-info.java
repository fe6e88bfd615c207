/**
 * What a BPF class declares, read once from its elements and shared by the compiler
 * ({@code lower}) and the skeleton generator: programs ({@link org.bpf4j.processor.model.ProgramDecl}),
 * maps ({@link org.bpf4j.processor.model.MapField}), struct layouts
 * ({@link org.bpf4j.processor.model.StructModel}, computed by
 * {@link org.bpf4j.processor.model.StructModels}) and globals
 * ({@link org.bpf4j.processor.model.GlobalField}). Entry point:
 * {@link org.bpf4j.processor.model.ModelBuilder#build}.
 */
package org.bpf4j.processor.model;

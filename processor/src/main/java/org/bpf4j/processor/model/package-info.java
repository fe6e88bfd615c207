/**
 * What a BPF class declares, read once from its elements and shared by the compiler
 * ({@code lower}) and the skeleton generator: programs ({@link org.bpf4j.processor.model.ProgramDecl}),
 * maps ({@link org.bpf4j.processor.model.MapField}), structs in their C layout
 * ({@link org.bpf4j.processor.model.StructModel}, built by
 * {@link org.bpf4j.processor.model.StructModels}, placed by {@link org.bpf4j.lang.spi.CLayout})
 * and globals
 * ({@link org.bpf4j.processor.model.GlobalField}). Entry point:
 * {@link org.bpf4j.processor.model.ModelBuilder#build}.
 */
package org.bpf4j.processor.model;

/**
 * JavaPoet generation of {@code XxxSkeleton}: libbpf's skeleton lifecycle (open, set config and
 * map sizes, load, attach, close) with typed accessors bound to the runtime, and a codec per
 * {@code @BpfStruct}. Entry point: {@link org.bpf4j.processor.skeleton.SkeletonGenerator}.
 */
package org.bpf4j.processor.skeleton;

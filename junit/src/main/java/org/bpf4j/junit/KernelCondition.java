package org.bpf4j.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Decides whether a {@link KernelTest} runs here; see there for the policy. */
final class KernelCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        var missing = KernelProbe.missing();
        if (missing.isEmpty()) return ConditionEvaluationResult.enabled("kernel BPF available");
        String reason = "needs the kernel's BPF: " + missing.get();
        if (Prerequisites.required()) throw new IllegalStateException(Prerequisites.requiredMessage(reason));
        return ConditionEvaluationResult.disabled(reason);
    }
}

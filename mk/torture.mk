# Allocation-failure torture (issue 20, docs/hardening.md): allocation N of
# a command fails, for N = 1, 2, ... `make test` runs it sampled (every N up
# to 300, then 200 spread over the rest); `make torture` takes every N.
.PHONY: torture
TORTURE_BIN := $(BUILD)/tests/torture/test_alloc_torture

torture: $(TORTURE_BIN)
	TORTURE_FULL=1 $(TORTURE_BIN)

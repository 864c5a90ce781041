# The misbehaving servers of the fault matrix (tests/faults/, docs/hardening.md).
BADSERV := $(BUILD)/tests/tools/badserv

test-run: $(BADSERV)

$(BADSERV): tests/tools/badserv.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< -o $@ $(LDFLAGS) $(shell pkg-config --libs openssl 2>/dev/null)

# The bounds of issue 9 at full size: a 2 GiB log and a single 100 MiB line
# through the KB log scanner, peak RSS checked (tests/faults/test_logscan_bounds.c
# runs with a 256 MiB log in the suite). Writes 2 GiB to a temporary directory.
.PHONY: bounds
bounds: $(BUILD)/tests/faults/test_logscan_bounds $(if $(wildcard tools/gen_log.c),$(BUILD)/tools/gen_log)
	OQS_BOUNDS_LOG_MB=2048 $(BUILD)/tests/faults/test_logscan_bounds

# The misbehaving servers of the fault matrix (tests/faults/, docs/hardening.md).
BADSERV := $(BUILD)/tests/tools/badserv

test-run: $(BADSERV)

$(BADSERV): tests/tools/badserv.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< -o $@ $(LDFLAGS) $(shell pkg-config --libs openssl 2>/dev/null)

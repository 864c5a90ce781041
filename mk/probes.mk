# Test servers of our own for the network-probe harness (tests/probes/harness.sh):
# built before the suite runs.
$(BUILD)/tools/testsrv: tools/testsrv/testsrv.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -O1 $< -o $@

test-run: $(BUILD)/tools/testsrv

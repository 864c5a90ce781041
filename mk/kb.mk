# Knowledge base extras (docs/kb-format.md).
#   make kb-lint            lint kb/entries (the test suite does it too)
#   make gen-log SIZE=1G    a generated log in build/gen-log/OqsComApp.log for
#                           scanning (`oqsdiag kb scan FILE`, make bench)
.PHONY: gen-log
SIZE ?= 100M

$(BUILD)/tools/gen_log: tools/gen_log.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -Wall -Wextra -Wpedantic $(WERRFLAG) -O2 $< -o $@

gen-log: $(BUILD)/tools/gen_log
	@mkdir -p $(BUILD)/gen-log
	$(BUILD)/tools/gen_log $(SIZE) > $(BUILD)/gen-log/OqsComApp.log
	@echo "$(BUILD)/gen-log/OqsComApp.log"

# The bench scans a generated log; the test suite checks the generator.
bench: $(BUILD)/tools/gen_log
test-run: $(BUILD)/tools/gen_log

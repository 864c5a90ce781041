# Checks of the tree itself, run by `make test-run` through tests/run.sh as
# test programs: the layering rule on the include graph (README.md, "Layout")
# and every file path named in a comment or document exists.
CONSISTENCY_TESTS := $(BUILD)/tests/tools/test_layers $(BUILD)/tests/tools/test_paths

test-run: $(CONSISTENCY_TESTS)
$(BUILD)/tests/tools/test_%: tools/check_%.sh
	@mkdir -p $(dir $@)
	@printf '#!/bin/sh\nif sh "%s/%s" "%s"; then echo "[  PASSED  ] 1 test(s)."; else echo "[  FAILED  ] 1 test(s)."; exit 1; fi\n' \
	    "$(CURDIR)" "$<" "$(CURDIR)" > $@
	@chmod +x $@

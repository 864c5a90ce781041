# make dist (docs/windows.md): build/dist/oqsdiag-<version>-win64.zip (the
# static oqsdiag.exe, README, licences, SHA256SUMS) and the source tarball
# oqsdiag-<version>.tar.gz (git archive of HEAD).
VERSION := $(shell sed -n 's/^\#define OQSDIAG_VERSION "\(.*\)"/\1/p' core/version.h)
.PHONY: dist
dist:
	@prefix=$$(sh tools/win/deps.sh) && \
	    $(MAKE) --no-print-directory WIN_PREFIX="$$prefix" windows-full && \
	    sh tools/win/dist.sh $(VERSION) $(WIN_BUILD)/oqsdiag.exe "$$prefix" $(BUILD)/dist

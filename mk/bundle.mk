# Bundle targets, included by the Makefile: `make forms`, `make icons`, `make bundle`.
# Expects PYTHON/BIN/STAMP from the Makefile (the .venv it creates on first use).
PYINSTALLER_VERSION := 6.22.3
PYINSTALLER := $(BIN)/pyinstaller
PYINSTALLER_STAMP := $(VENV)/.pyinstaller-$(PYINSTALLER_VERSION)

.PHONY: forms icons bundle

# Regenerate desktop_app/gui/forms/ui_*.py from ui/*.ui (commit the result).
forms: $(STAMP)
	$(BIN)/python scripts/build_forms.py

# Re-render resources/app.{ico,icns,png} from resources/icons/app.svg (commit the result).
icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/build_icons.py

$(PYINSTALLER_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet "pyinstaller==$(PYINSTALLER_VERSION)"
	touch $@

# dist/gigdesk/: the one-folder bundle for this system (see build.spec).
bundle: $(PYINSTALLER_STAMP)
	$(PYINSTALLER) --noconfirm --clean --log-level WARN build.spec

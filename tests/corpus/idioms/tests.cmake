# Hand-written idioms of hard-coded credentials (each with a fresh random value) must be
# reported, and look-alikes must not: a regression suite for the generic rules.
add_test(NAME "corpus: credential idioms"
         COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/idioms.py $<TARGET_FILE:secretls>)
set_tests_properties("corpus: credential idioms" PROPERTIES TIMEOUT 60)

#!/usr/bin/env python3
"""Browser tests of the web UI: headless Chromium, driven by selenium, against a real `contact-import serve`.

Run by `scripts/browser-test`, which builds and starts the server and sets these environment variables:
BASE_URL, EXPIRING_URL (a server whose reviews expire after 3 seconds), OWNER_EMAIL, AGENT_EMAIL, PASSWORD,
CSV_FILE (1,000 generated rows with some bad ones), OUT_DIR.
Every step saves a screenshot in OUT_DIR, and the page's DOM beside it (to compare two runs); any failed check exits
non-zero. The browser console must stay free of errors (see browser_errors).
"""
import csv
import io
import os
import re
import sys
import time
import traceback

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["BASE_URL"].rstrip("/")
EXPIRING = os.environ["EXPIRING_URL"].rstrip("/")
OWNER = os.environ["OWNER_EMAIL"]
AGENT = os.environ["AGENT_EMAIL"]
PASSWORD = os.environ["PASSWORD"]
CSV_FILE = os.path.abspath(os.environ["CSV_FILE"])
OUT = os.path.abspath(os.environ.get("OUT_DIR", "test-output/browser"))
PUBLIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../Sources/ContactImportApp/WebUI/Public")
DOWNLOADS = os.path.join(OUT, "downloads")
os.makedirs(DOWNLOADS, exist_ok=True)
for old in os.listdir(DOWNLOADS):
    os.remove(os.path.join(DOWNLOADS, old))

steps = []


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def make_driver(width, height, mobile=False):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}"]:
        opts.add_argument(arg)
    opts.add_experimental_option(
        "prefs", {"download.default_directory": DOWNLOADS, "download.prompt_for_download": False})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": DOWNLOADS})
    return driver


def shot(driver, name):
    path = os.path.join(OUT, f"{len(steps) + 1:02d}-{name}.png")
    driver.save_screenshot(path)
    with open(path[:-4] + ".html", "w", encoding="utf-8") as f:
        f.write(driver.execute_script("return document.documentElement.outerHTML"))
    steps.append(os.path.basename(path))
    print(f"  ok  {os.path.basename(path)}")


def wait(driver, seconds=15):
    # The page re-renders parts of itself: an element found a moment ago may be replaced.
    return WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException,))


def visible(driver, css, seconds=15):
    return wait(driver, seconds).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def gone(driver, css):
    return len([e for e in driver.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()]) == 0


def text(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css).text


def check_labels(driver, where):
    """Every visible form control has a label (or an aria-label)."""
    unlabelled = driver.execute_script("""
        return [...document.querySelectorAll('input, select, textarea')]
          .filter(el => el.type !== 'hidden')
          .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
          .map(el => el.outerHTML.slice(0, 120));
    """)
    check(not unlabelled, f"{where}: controls without a label: {unlabelled}")


def check_fits(driver, where, width):
    overflow = driver.execute_script("return document.documentElement.scrollWidth")
    check(overflow <= width + 1, f"{where}: the page is {overflow}px wide in a {width}px viewport")


def sign_in(driver, email, password, base=None):
    driver.get((base or BASE) + "/")
    form = visible(driver, "#sign-in-form")
    email_input = form.find_element(By.NAME, "email")
    email_input.clear()
    email_input.send_keys(email)
    password_input = form.find_element(By.NAME, "password")
    password_input.clear()
    password_input.send_keys(password + Keys.ENTER)  # keyboard: Enter submits


def wait_for_download(suffix, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        done = [f for f in os.listdir(DOWNLOADS) if f.endswith(suffix)]
        if done:
            return os.path.join(DOWNLOADS, done[0])
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} download in {DOWNLOADS}: {os.listdir(DOWNLOADS)}")


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def count_of(driver, key):
    return int(text(driver, f"#count-{key} strong").replace(",", ""))


# Responses the flows ask for on purpose, which Chromium logs as SEVERE "Failed to load resource": no session yet
# and the wrong password (401 on /api/v1/session), and IMPORT after the review expired (410 on …/start).
EXPECTED_FAILED_LOADS = [(re.compile(r"/api/v1/session$"), 401), (re.compile(r"/api/v1/workspaces/\d+/imports/\d+/start$"), 410)]
FAILED_LOAD = re.compile(r"^(\S+) - Failed to load resource: the server responded with a status of (\d+)")


def browser_errors(driver):
    """The browser console's errors since the last call: every SEVERE entry (a module or file that failed to load, an
    uncaught script error) but the expected API refusals above, and any CSP violation or uncaught error."""
    problems = []
    for entry in driver.get_log("browser"):
        message = entry.get("message", "")
        if entry.get("level") == "SEVERE":
            failed = FAILED_LOAD.match(message)
            if failed and any(path.search(failed.group(1).split("?")[0]) and int(failed.group(2)) == status
                              for path, status in EXPECTED_FAILED_LOADS):
                continue
            problems.append(message)
        elif "Content Security Policy" in message or "Uncaught" in message:
            problems.append(message)
    return problems


def check_modules(driver):
    """The page loaded every script module in Public/ (app.js imports the others), each answered 200."""
    loaded = driver.execute_script("""
        return performance.getEntriesByType('resource')
          .filter(e => new URL(e.name).pathname.endsWith('.js'))
          .map(e => [new URL(e.name).pathname, e.responseStatus === undefined ? 200 : e.responseStatus]);
    """)
    expected = sorted(f"/ui/{name}" for name in os.listdir(PUBLIC) if name.endswith(".js"))
    check(sorted(path for path, _ in loaded) == expected, f"script modules loaded: {sorted(loaded)}, expected {expected}")
    check(all(status == 200 for _, status in loaded), f"script modules' statuses: {loaded}")
    print(f"  ok  {len(loaded)} script modules loaded")


def desktop_flow():
    driver = make_driver(1280, 800)
    try:
        # --- Sign in: a wrong password is refused, the right one opens Contacts.
        driver.get(BASE + "/")
        visible(driver, "#sign-in-form")
        check_modules(driver)
        check_labels(driver, "sign-in")
        shot(driver, "sign-in")
        sign_in(driver, OWNER, "not the password")
        alert = visible(driver, "#sign-in-form .message.error")
        check("do not match" in alert.text, f"wrong password message: {alert.text}")
        shot(driver, "sign-in-wrong-password")
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        check(OWNER in text(driver, "#user-email"), "the signed-in email is shown")
        cookies = {c["name"]: c for c in driver.get_cookies()}
        check(cookies["ci_session"]["httpOnly"] and cookies["ci_session"].get("sameSite") == "Strict",
              f"session cookie attributes: {cookies['ci_session']}")
        check(driver.execute_script("return document.cookie").find("ci_session") < 0, "the script cannot read the session cookie")
        shot(driver, "contacts-empty")

        # --- Settings > Contact Fields: create two custom fields.
        driver.find_element(By.ID, "nav-contact-fields").click()
        visible(driver, "#fields-table")
        for name, field_type in [("Company", "text"), ("Lifetime Value", "number")]:
            driver.find_element(By.NAME, "name").send_keys(name)
            Select(driver.find_element(By.NAME, "type")).select_by_value(field_type)
            driver.find_element(By.ID, "create-field").click()
            wait(driver).until(lambda d: name in d.find_element(By.ID, "fields-table").text)
        table = text(driver, "#fields-table")
        check("custom.company" in table and "custom.lifetime_value" in table, f"fields table: {table}")
        check_labels(driver, "contact fields")
        shot(driver, "contact-fields-created")

        # --- Contacts > ADD CONTACT arrow > Import Contacts opens the wizard.
        driver.find_element(By.ID, "nav-contacts").click()
        arrow = visible(driver, "#add-contact-arrow")
        arrow.click()
        item = visible(driver, "#menu-import-contacts")
        check(item.text == "Import Contacts", f"menu item: {item.text}")
        check(arrow.get_attribute("aria-expanded") == "true", "the arrow reports its menu open")
        shot(driver, "add-contact-menu")
        item.click()
        visible(driver, "#dropzone")

        # --- Part 1: requirements, sample, purposes, identifier, tags.
        requirements = driver.find_elements(By.CSS_SELECTOR, "#file-requirements li")
        check(len(requirements) == 7, f"{len(requirements)} requirements listed")
        check("less than 20MB" in text(driver, "#file-requirements"), "size requirement")
        check(driver.find_element(By.ID, "sample-csv").get_attribute("href").endswith("/ui/sample-contacts.csv"), "sample link")
        purposes = text(driver, "#purposes")
        for title in ["Add New Contacts Only", "Update Existing Contacts Only", "Add and Update Contacts",
                      "Add All Contacts Despite Duplicates", "All Contacts in the file will be treated as new Contacts"]:
            check(title in purposes, f"purpose text {title!r}")
        check(driver.find_element(By.ID, "part1-next").get_attribute("disabled") is not None, "NEXT waits for a file")
        driver.find_element(By.ID, "file-input").send_keys(CSV_FILE)
        status = visible(driver, "#upload-status .message.success", 30)
        check("1,000 rows" in status.text, f"upload status: {status.text}")
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-updateExisting']").click()
        check(len(driver.find_elements(By.ID, "identifier-contactId")) == 1, "Contact ID offered for Update Existing")
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addAll']").click()
        check(len(driver.find_elements(By.CSS_SELECTOR, "input[name='identifier']")) == 0, "no identifier for Add All")
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addAndUpdate']").click()
        check(len(driver.find_elements(By.ID, "identifier-contactId")) == 0, "Contact ID not offered for Add and Update")
        check(driver.find_element(By.ID, "part1-next").get_attribute("disabled") is not None, "NEXT waits for an identifier")
        driver.find_element(By.CSS_SELECTOR, "label[for='identifier-phone']").click()
        import_tag = text(driver, "#import-tag-chip > span")
        check(import_tag.startswith("import-"), f"generated import tag: {import_tag}")
        driver.find_element(By.ID, "remove-import-tag").click()
        check(len(driver.find_elements(By.ID, "import-tag-chip")) == 0, "the import tag can be removed")
        driver.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Restore import tag')]").click()
        visible(driver, "#import-tag-chip")
        tag_input = driver.find_element(By.ID, "tag-input")
        tag_input.send_keys("browser-test" + Keys.ENTER)
        wait(driver).until(lambda d: "browser-test" in d.find_element(By.ID, "tag-chips").text)
        check_labels(driver, "wizard part 1")
        shot(driver, "wizard-part1-configured")
        driver.find_element(By.ID, "part1-next").click()

        # --- Part 2: the mapping, its suggestions and rules.
        table = visible(driver, "#mapping-table")
        rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
        check(len(rows) == 13, f"{len(rows)} columns in the mapping")
        headers = [r.find_element(By.TAG_NAME, "th").text.split("\n")[0] for r in rows]
        by_header = {h: i for i, h in enumerate(headers)}
        picker = lambda header: Select(driver.find_element(By.ID, f"map-field-{by_header[header]}"))
        check(picker("First Name").first_selected_option.get_attribute("value") == "firstName", "First Name auto-mapped")
        check(picker("Phone Number").first_selected_option.get_attribute("value") == "phone", "Phone auto-mapped")
        check(picker("Company").first_selected_option.get_attribute("value") == "custom.company", "Company auto-mapped")
        check(picker("Lifetime Value").first_selected_option.get_attribute("value") == "custom.lifetime_value", "custom number auto-mapped")
        check(not driver.find_element(By.ID, f"map-include-{by_header['Plan']}").is_selected(), "unmatched column left out")
        check(len(driver.find_elements(By.ID, "dno-all")) == 1, "Do Not Overwrite shown for Add and Update")
        check("Matched by name" in rows[by_header["Email"]].text, "auto-mapped columns are marked")
        # Each field once: First Name cannot be picked for a second column.
        option = driver.find_element(By.CSS_SELECTOR, f"#map-field-{by_header['Last Name']} option[value='firstName']")
        check(option.get_attribute("disabled") is not None, "a mapped field is not offered twice")
        # The rules gate NEXT: leave First Name out, then take it back.
        include_first = driver.find_element(By.ID, f"map-include-{by_header['First Name']}")
        include_first.click()
        check(driver.find_element(By.ID, "part2-next").get_attribute("disabled") is not None, "NEXT refused without First Name")
        unmet = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#mapping-rules li:not(.met)")]
        check(any("First Name" in r for r in unmet), f"the First Name rule is shown unmet: {unmet}")
        shot(driver, "wizard-part2-rule-unmet")
        include_first.click()
        check(driver.find_element(By.ID, "part2-next").get_attribute("disabled") is None, "NEXT allowed once the rules hold")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#mapping-rules li:not(.met)")) == 0, "every rule met")
        driver.find_element(By.ID, f"map-dno-{by_header['Email']}").click()
        check_labels(driver, "wizard part 2")
        shot(driver, "wizard-part2-mapping")
        driver.find_element(By.ID, "part2-next").click()

        # --- Part 3: the four counts and the error file.
        visible(driver, "#review-counts", 60)
        counts = {k: count_of(driver, k) for k in ["imported", "updated", "skipped", "errors"]}
        check(sum(counts.values()) == 1000, f"counts add up to the rows: {counts}")
        check(counts["errors"] > 0 and counts["imported"] > 900, f"review counts: {counts}")
        shot(driver, "wizard-part3-review")
        driver.find_element(By.ID, "download-error-file").click()
        error_rows = read_csv(wait_for_download("-errors.csv"))
        check(error_rows[0][-1] == "Error" and error_rows[0][0] == "First Name", f"error file header: {error_rows[0]}")
        check(len(error_rows) - 1 == counts["errors"], f"{len(error_rows) - 1} error rows for {counts['errors']} errors")
        check(all(row[-1].strip() for row in error_rows[1:]), "every error row says what is wrong")
        messages = " ".join(row[-1] for row in error_rows[1:])
        check("Email" in messages and "duplicate" in messages.lower(), f"error messages: {messages[:300]}")

        # --- IMPORT: the confirmation, the progress bar to 100%.
        driver.find_element(By.ID, "start-import").click()
        dialog = visible(driver, "#started-dialog")
        check("Import started" in dialog.text, f"dialog: {dialog.text}")
        shot(driver, "import-started-dialog")
        driver.find_element(By.ID, "started-ok").click()
        wait(driver, 60).until(lambda d: "(100%)" in d.find_element(By.ID, "job-progress-text").text)
        visible(driver, "#job-done", 30)
        check(driver.find_element(By.ID, "job-progress").get_attribute("value") == "100", "progress bar at 100")
        done = text(driver, "#job-done")
        check(f"{counts['imported']} added" in done, f"completion summary: {done}")
        shot(driver, "import-progress-complete")

        # --- The notification centre: the bell's count and the finished import with its link.
        wait(driver, 20).until(lambda d: d.find_element(By.ID, "bell-count").is_displayed())
        check(int(text(driver, "#bell-count")) >= 1, "unread count shown")
        driver.find_element(By.ID, "bell").click()
        item = visible(driver, "#notification-list li.notification")
        check("import" in item.text.lower(), f"notification: {item.text}")
        shot(driver, "notification-centre")
        item.find_element(By.CSS_SELECTOR, "a.notification-link").click()

        # --- Settings > Data Import: the history row, its columns, the results file.
        row = visible(driver, "#history-table tr.highlight")
        header = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#history-table thead th")]
        check(header[:8] == ["Date Imported", "File Name", "Uploaded By", "New Contacts", "Updated Contacts",
                             "Error Count", "Tags Added", "Import Status"], f"history columns: {header}")
        cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
        check(cells[1] == os.path.basename(CSV_FILE) and cells[2] == OWNER, f"history row: {cells}")
        check(cells[3] == str(counts["imported"]) and cells[5] == str(counts["errors"]), f"history counts: {cells}")
        check("browser-test" in cells[6] and import_tag in cells[6], f"tags added: {cells[6]}")
        check(cells[7] == "Completed", f"status: {cells[7]}")
        check(driver.find_element(By.ID, "import-contacts-button").text == "IMPORT CONTACTS", "IMPORT CONTACTS button")
        shot(driver, "import-history")
        row.find_element(By.CSS_SELECTOR, "a.results-link").click()
        results = read_csv(wait_for_download("-results.csv"))
        check(results[0][-2:] == ["Import Status", "Errors"] and len(results) == 1001, f"results file: {results[0]}, {len(results)} lines")

        # --- The imported contacts in the list: paging, search, tag filter, details.
        driver.find_element(By.ID, "nav-contacts").click()
        table = visible(driver, "#contacts-table")
        check(len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) == 25, "a page of 25 contacts")
        driver.find_element(By.ID, "contacts-next").click()
        wait(driver).until(lambda d: "Page 2" in d.find_element(By.ID, "contacts-results").text)
        source = read_csv(CSV_FILE)
        good_row = next(r for r in source[1:] if r[0] and r[3] and "@" in r[3] and r[3] not in messages)
        search = driver.find_element(By.CSS_SELECTOR, "#contact-search input[name='search']")
        search.send_keys(good_row[3] + Keys.ENTER)
        wait(driver).until(lambda d: good_row[3] in d.find_element(By.ID, "contacts-results").text)
        tag = driver.find_element(By.CSS_SELECTOR, "#contact-search input[name='tag']")
        tag.send_keys("browser-test" + Keys.ENTER)
        wait(driver).until(lambda d: good_row[3] in d.find_element(By.ID, "contacts-results").text)
        shot(driver, "contacts-imported-search")
        driver.find_element(By.CSS_SELECTOR, "#contacts-table tbody a").click()
        detail = visible(driver, "#contact-detail .details")
        check(good_row[3] in detail.text and "browser-test" in detail.text, f"details: {detail.text}")
        shot(driver, "contact-details")

        # --- Sign out; an agent sees no import or settings entry.
        driver.find_element(By.ID, "sign-out").click()
        visible(driver, "#sign-in-form")
        sign_in(driver, AGENT, PASSWORD)
        visible(driver, "#contacts-table")
        check(gone(driver, "#nav-data-import") and gone(driver, "#nav-contact-fields"), "agents see no settings")
        check(gone(driver, "#add-contact-arrow") and gone(driver, "#menu-import-contacts"), "agents see no Import Contacts")
        check(driver.find_element(By.ID, "add-contact").is_displayed(), "agents can still add a contact")
        shot(driver, "agent-contacts")
        driver.get(BASE + "/#/import")
        wait(driver).until(lambda d: "Not available" in d.find_element(By.ID, "main").text)
        check(gone(driver, "#dropzone"), "no wizard for agents")
        shot(driver, "agent-import-refused")

        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-desktop")
        raise
    finally:
        driver.quit()


def mobile_flow():
    driver = make_driver(390, 844, mobile=True)
    try:
        sign_in(driver, OWNER, PASSWORD)
        visible(driver, "#contacts-results")
        check_fits(driver, "contacts", 390)
        shot(driver, "mobile-contacts")
        driver.get(BASE + "/#/import")
        dropzone = visible(driver, "#dropzone")
        check(dropzone.size["width"] <= 390, "the drop zone fits")
        check_fits(driver, "wizard part 1", 390)
        driver.find_element(By.ID, "file-input").send_keys(CSV_FILE)
        visible(driver, "#upload-status .message.success", 30)
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addAndUpdate']").click()
        driver.find_element(By.CSS_SELECTOR, "label[for='identifier-email']").click()
        shot(driver, "mobile-wizard-part1")
        next_button = driver.find_element(By.ID, "part1-next")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", next_button)
        next_button.click()
        visible(driver, "#mapping-table")
        check_fits(driver, "wizard part 2", 390)
        for control in ["#map-field-0", "#map-dno-0", "#map-include-0", "#part2-next"]:
            right = driver.execute_script(f"return document.querySelector('{control}').getBoundingClientRect().right")
            check(0 < right <= 390, f"{control} is on screen (right edge {right})")
        shot(driver, "mobile-wizard-part2")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-mobile")
        raise
    finally:
        driver.quit()


def session_expired_flow():
    """A review not started within its time: IMPORT explains "Session expired" and offers to start again."""
    driver = make_driver(1280, 800)
    try:
        sign_in(driver, OWNER, PASSWORD, base=EXPIRING)
        visible(driver, "#contacts-results")
        driver.get(EXPIRING + "/#/import")
        small = os.path.join(OUT, "small.csv")
        with open(small, "w", encoding="utf-8") as f:
            f.write("First Name,Phone Number\nAisyah,+60189988776\nDaniel,+6591234567\n")
        visible(driver, "#dropzone")
        driver.find_element(By.ID, "file-input").send_keys(small)
        visible(driver, "#upload-status .message.success", 30)
        driver.find_element(By.CSS_SELECTOR, "label[for='purpose-addNew']").click()
        driver.find_element(By.CSS_SELECTOR, "label[for='identifier-phone']").click()
        driver.find_element(By.ID, "part1-next").click()
        visible(driver, "#mapping-table")
        driver.find_element(By.ID, "part2-next").click()
        visible(driver, "#review-counts", 30)
        check(count_of(driver, "imported") == 2 and count_of(driver, "errors") == 0, "two rows to add")
        check(gone(driver, "#download-error-file"), "no error file without errors")
        time.sleep(3.5)  # the review's 3 seconds pass
        driver.find_element(By.ID, "start-import").click()
        expired = visible(driver, "#session-expired", 15)
        check("Session expired" in expired.text and "1-hour window" in expired.text, f"explanation: {expired.text}")
        shot(driver, "session-expired")
        expired.find_element(By.TAG_NAME, "button").click()
        visible(driver, "#dropzone")
        problems = browser_errors(driver)
        check(not problems, f"browser console: {problems}")
    except Exception:
        shot(driver, "FAILED-session-expired")
        raise
    finally:
        driver.quit()


def main():
    failed = False
    for flow in (desktop_flow, mobile_flow, session_expired_flow):
        print(f"== {flow.__name__}")
        try:
            flow()
        except (AssertionError, TimeoutException, Exception):
            traceback.print_exc()
            failed = True
    print(f"{len(steps)} screenshots in {OUT}")
    if failed:
        print("browser tests FAILED")
        sys.exit(1)
    print("browser tests passed")


if __name__ == "__main__":
    main()
